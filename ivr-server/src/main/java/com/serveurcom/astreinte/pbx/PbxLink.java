package com.serveurcom.astreinte.pbx;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the voice pager needs of the AMI link: send an {@code Originate} and hear how the calls it made
 * end (asterisk-wire-originate.md). The AMI link implements it; tests speak to a fake AMI server through
 * the same link.
 */
public interface PbxLink {
  boolean connected();

  /**
   * Sends the action and returns Asterisk's immediate answer: {@code Success / Originate successfully
   * queued} says nothing of the call (its outcome is the {@code OriginateResponse} event).
   *
   * @throws PbxUnavailable when the action could not be sent or got no answer in time
   */
  Answer originate(Originate o) throws PbxUnavailable;

  /** Registers the listener of the call events ({@code OriginateResponse}, {@code Hangup}). */
  void listen(CallEvents listener);

  /**
   * An {@code Originate} with {@code Async: true}, into a dialplan context.
   *
   * @param channelId      the {@code ChannelId} of the originated channel ({@code ;1}): its {@code Uniqueid},
   *                       also in a failed {@code OriginateResponse}
   * @param otherChannelId the {@code OtherChannelId} ({@code ;2}, the phone's side of a Local channel)
   */
  record Originate(String actionId, String channel, String context, String exten, int priority, String callerId,
      Duration timeout, String channelId, String otherChannelId, Map<String, String> variables) {
    public Originate {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(context, "context");
      variables = Map.copyOf(variables);
    }
  }

  /** The action's immediate response: {@code queued} for {@code Success}, else Asterisk's message. */
  record Answer(boolean queued, String message) {}

  /**
   * Every page's {@code ChannelId} (and so the {@code Uniqueid} of its channels, {@code PAGE_ID}) starts with
   * this: a link hands the pager only the events of page channels, every other call of the PBX is left out
   * on the library's event thread.
   */
  String PAGE_ID_PREFIX = "astreinte-page-";

  /** Whether a channel's {@code Uniqueid} is one of a page's channels. */
  static boolean isPageChannel(String uniqueId) {
    return uniqueId != null && uniqueId.startsWith(PAGE_ID_PREFIX);
  }

  /**
   * The call events the pager follows, of page channels only ({@link #isPageChannel}); called off the AMI
   * library's event thread, never blocking it.
   */
  interface CallEvents {
    /**
     * {@code OriginateResponse}.
     *
     * @param uniqueId {@code Uniqueid}: the {@code ChannelId} given, even on failure
     * @param reason   4 answered, 3 no answer, 5 busy, 8 congestion, 0 anything else
     */
    void originateResponse(String uniqueId, boolean success, int reason);

    /** {@code Hangup} of a channel, with its cause (16 normal, 17 busy, 19 no answer, 21 rejected, 34 congestion). */
    void hangup(String uniqueId, int cause, String causeText);
  }

  /** The link is down, or the action got no answer. */
  final class PbxUnavailable extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean maybeSent;

    public PbxUnavailable(String message, Throwable cause) {
      this(message, cause, false);
    }

    /** @param maybeSent the action was written and its answer did not come: Asterisk may be placing the call */
    public PbxUnavailable(String message, Throwable cause, boolean maybeSent) {
      super(message, cause);
      this.maybeSent = maybeSent;
    }

    /** True when placing the call elsewhere could ring the technician twice. */
    public boolean maybeSent() {
      return maybeSent;
    }
  }
}
