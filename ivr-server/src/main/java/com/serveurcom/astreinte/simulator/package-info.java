/**
 * A protocol-faithful stand-in for Asterisk 22.10.1, for tests, {@code bin/astreinte simulate-call}
 * and load benchmarks: {@link com.serveurcom.astreinte.simulator.AsteriskSimulator} plays the
 * FastAGI client side of calls, {@link com.serveurcom.astreinte.simulator.FakeAmiServer} the manager
 * interface (Originate, OriginateResponse and the channels' events as asterisk-wire-originate.md recorded
 * them). {@link com.serveurcom.astreinte.simulator.DemoPbx} puts the two together as the PBX of
 * {@code serve --demo}: its page calls ring until {@code bin/astreinte simulate-page} picks them up.
 * Every answer comes from the transcripts of a real Asterisk 22 recorded in the project's wire
 * notes ({@code shared/notes/asterisk-wire.md}); where the simulator had to choose, the choice is
 * written on the class or method that makes it.
 *
 * <p>Choices worth knowing when reading a transcript:
 * <ul>
 *   <li>The unsolicited {@code HANGUP} line is written right after the answer that ended the
 *       call ({@code 200 result=-1} of a prompt, {@code 200 result=1} of HANGUP), as Asterisk does
 *       "at once"; a server reads it in front of its next answer, so the recorded transcripts show it
 *       after the next command.</li>
 *   <li>Key entries are consumed by GET DATA, WAIT FOR DIGIT, GET OPTION, RECORD FILE and
 *       EXEC VoiceMail. STREAM FILE never consumes one, even with escape digits: the caller listens
 *       to informational prompts to the end.</li>
 *   <li>When the caller has no entry left, the next prompt sees a hangup (configurable per call):
 *       a real caller with nothing left to say hangs up, and a looping server cannot spin for ever.</li>
 *   <li>Media commands answer after {@code mediaDelay} (zero in tests); waits such as Queue's hold
 *       time are reported in variables (QUEUEWAIT) but not slept.</li>
 *   <li>RECORD FILE does not write audio; EXEC VoiceMail writes msgNNNN.txt/.wav only when a spool
 *       directory is given.</li>
 * </ul>
 */
package com.serveurcom.astreinte.simulator;
