package com.serveurcom.astreinte.paging;

/** What the engine tells the watchdog after each send to the provider. */
public interface PagingHealth {
  /** @param channel {@code sms} or {@code voice} */
  void sendSucceeded(String channel);

  void sendFailed(String channel, String why);

  PagingHealth NONE = new PagingHealth() {
    @Override
    public void sendSucceeded(String channel) {
    }

    @Override
    public void sendFailed(String channel, String why) {
    }
  };
}
