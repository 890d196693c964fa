package com.serveurcom.astreinte.pbx;

import java.util.Optional;

/** The pages placed through the PBX, as the {@code page} script finds them by their {@code PAGE_ID}. */
public interface PageDirectory {
  Optional<PlacedPage> find(String pageId);

  /** Records what became of the page's call (answered without a key, hung up...) on its attempt. */
  void record(PlacedPage page, String status, String detail);
}
