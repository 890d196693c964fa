package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.config.MessageTexts;
import com.serveurcom.astreinte.paging.PagingTexts;
import java.nio.file.Path;

/** The texts of the shipped config/messages.yaml, as a server reads them. */
final class ShippedTexts {
  static final MessageTexts MESSAGES =
      ((ConfigLoadResult.Valid) ConfigLoader.load(Path.of("..", "config"))).config().messages();
  static final PagingTexts TEXTS = new PagingTexts(MESSAGES);

  private ShippedTexts() {}
}
