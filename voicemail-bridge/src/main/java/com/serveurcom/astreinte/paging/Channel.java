package com.serveurcom.astreinte.paging;

/** How a technician answered a page. */
public enum Channel {
  SMS,
  VOICE
}
