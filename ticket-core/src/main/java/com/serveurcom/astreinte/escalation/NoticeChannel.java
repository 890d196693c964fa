package com.serveurcom.astreinte.escalation;

import java.util.Arrays;
import java.util.Optional;

/** How a level's managers are told: the words of {@code canaux} in escalade.yaml. */
public enum NoticeChannel {
  SMS("sms"),
  VOICE("appel"),
  EMAIL("courriel");

  private final String word;

  NoticeChannel(String word) {
    this.word = word;
  }

  /** The word administrators write in escalade.yaml. */
  public String word() {
    return word;
  }

  public static Optional<NoticeChannel> fromWord(String word) {
    return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
  }
}
