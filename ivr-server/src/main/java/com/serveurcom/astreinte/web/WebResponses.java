package com.serveurcom.astreinte.web;

import com.serveurcom.astreinte.http.HttpResponse;

/**
 * The headers every page carries: nothing kept by the browser or a proxy (a technician's link and the
 * board show customers' details), nothing indexed, no Referer to another site (the link's token is in its
 * URL; {@code no-referrer} would also make a browser send {@code Origin: null} on our own forms), no framing,
 * and scripts only from this server.
 */
final class WebResponses {
  private WebResponses() {
  }

  static HttpResponse html(int status, String body) {
    return guarded(HttpResponse.text(status, "text/html; charset=utf-8", body));
  }

  static HttpResponse redirect(String location) {
    return guarded(HttpResponse.text(303, "text/plain; charset=utf-8", "")).withHeader("Location", location);
  }

  static HttpResponse guarded(HttpResponse r) {
    return r.withHeader("Cache-Control", "no-store")
        .withHeader("X-Robots-Tag", "noindex, nofollow")
        .withHeader("Referrer-Policy", "same-origin")
        .withHeader("X-Frame-Options", "DENY")
        .withHeader("Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "media-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  }
}
