package com.serveurcom.astreinte.ami;

/** Told when Asterisk reports messages waiting in a mailbox (the voicemail bridge's safety net). */
@FunctionalInterface
public interface MailboxWatcher {
  void messagesWaiting(String mailbox, int newMessages, int oldMessages);
}
