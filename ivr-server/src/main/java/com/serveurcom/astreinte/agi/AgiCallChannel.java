package com.serveurcom.astreinte.agi;

import com.serveurcom.astreinte.call.CallChannel;
import com.serveurcom.astreinte.call.CallerHungUp;
import java.time.Duration;
import java.util.Optional;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.command.ExecCommand;
import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.asteriskjava.fastagi.reply.AgiReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CallChannel} over an asterisk-java channel, translating what Asterisk 22 says on the wire
 * into the flow's terms: {@code 200 result=-1} on GET DATA, the unsolicited {@code HANGUP} line
 * and the {@code 511} that follows it all mean the caller is gone.
 */
public final class AgiCallChannel implements CallChannel {
  private static final Logger log = LoggerFactory.getLogger(AgiCallChannel.class);

  /** Asterisk's {@code AST_PRES_RESTRICTION} bits of a presentation code; 0 is allowed. */
  private static final int PRESENTATION_MASK = 0x60;
  private static final int PRESENTATION_ALLOWED = 0x00;

  private final AgiChannel channel;
  private final AgiRequest request;
  private boolean hungUp;

  public AgiCallChannel(AgiChannel channel, AgiRequest request) {
    this.channel = channel;
    this.request = request;
  }

  @Override
  public String uniqueId() {
    return request.getUniqueId();
  }

  /**
   * Empty when there is no number, and when the caller asked to hide it: Asterisk still sends the
   * number in {@code agi_callerid} with {@code agi_callingpres} restricted (0x20-0x23), and a hidden
   * number must not be offered back, stored or paged. Unavailable (0x43, {@code 67}) has no number.
   */
  @Override
  public Optional<String> callerId() {
    Integer pres = request.getCallingPres();
    if (pres != null && (pres & PRESENTATION_MASK) != PRESENTATION_ALLOWED) {
      return Optional.empty();
    }
    String id = request.getCallerIdNumber();
    if (id == null || id.isBlank() || "unknown".equalsIgnoreCase(id) || "anonymous".equalsIgnoreCase(id)) {
      return Optional.empty();
    }
    return Optional.of(id.trim());
  }

  @Override
  public void answer() {
    run(() -> {
      channel.answer();
      return null;
    });
  }

  @Override
  public boolean play(String sound) {
    AgiReply reply = send(new StreamFileCommand(sound, ""));
    if (reply.getResultCode() == -1) {
      // -1 with endpos 0 is a missing sound on a live channel; a hangup shows on the next command.
      log.warn("appel {} : Asterisk n'a pas pu jouer {}", uniqueId(), sound);
      return false;
    }
    return true;
  }

  @Override
  public Optional<String> readDigits(String prompt, Duration timeout, int maxDigits) {
    AgiReply reply = send(new GetDataCommand(prompt, timeout.toMillis(), maxDigits));
    String result = reply.getResult();
    if ("-1".equals(result)) {
      hungUp = true;
      throw new CallerHungUp();
    }
    return result == null || result.isEmpty() ? Optional.empty() : Optional.of(result);
  }

  @Override
  public void sayDigits(String digits) {
    run(() -> {
      channel.sayDigits(digits);
      return null;
    });
  }

  @Override
  public int exec(String application, String arguments) {
    AgiReply reply = send(new ExecCommand(application, arguments));
    int code = reply.getResultCode();
    if (code == -1) {
      // The application ended with the caller gone (VoiceMail, Queue): variables can still be read.
      hungUp = true;
    }
    return code;
  }

  @Override
  public Optional<String> variable(String name) {
    String v = run(() -> channel.getVariable(name));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  @Override
  public void setVariable(String name, String value) {
    run(() -> {
      channel.setVariable(name, value);
      return null;
    });
  }

  @Override
  public void hangup() {
    try {
      channel.hangup();
    } catch (AgiException e) {
      log.debug("appel {} : raccrochage après le départ de l'appelant : {}", uniqueId(), e.toString());
    }
    hungUp = true;
  }

  @Override
  public boolean hungUp() {
    return hungUp;
  }

  private AgiReply send(org.asteriskjava.fastagi.command.AgiCommand command) {
    return run(() -> channel.sendCommand(command));
  }

  private interface AgiCall<T> {
    T call() throws AgiException;
  }

  private <T> T run(AgiCall<T> call) {
    try {
      return call.call();
    } catch (AgiHangupException e) {
      hungUp = true;
      throw new CallerHungUp();
    } catch (AgiException e) {
      if (hungUp) {
        throw new CallerHungUp();
      }
      throw new IllegalStateException("AGI command failed: " + e.getMessage(), e);
    }
  }
}
