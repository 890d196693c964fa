package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.config.ConfigLoadResult;
import com.serveurcom.astreinte.config.ConfigLoader;
import com.serveurcom.astreinte.paging.PagingTexts;
import java.nio.file.Path;

/** The texts of the shipped config/messages.yaml, as a server reads them. */
public final class ShippedTexts {
  public static final PagingTexts TEXTS = new PagingTexts(
      ((ConfigLoadResult.Valid) ConfigLoader.load(Path.of("..", "config"))).config().messages());

  private ShippedTexts() {}
}
