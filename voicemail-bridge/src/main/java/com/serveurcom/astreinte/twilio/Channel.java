package com.serveurcom.astreinte.twilio;

/** How a technician answered a page. */
public enum Channel {
  SMS,
  VOICE
}
