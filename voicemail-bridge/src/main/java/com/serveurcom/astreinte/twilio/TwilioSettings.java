package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.Phones;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Twilio account and the URLs paging needs, given by the server's settings (from the environment, never
 * from tracked files).
 *
 * @param accountSid    {@code TWILIO_ACCOUNT_SID}
 * @param authToken     {@code TWILIO_AUTH_TOKEN}; also the key of webhook signatures
 * @param fromNumber    {@code ASTREINTE_TWILIO_FROM}, E.164 number SMS and calls come from
 * @param apiBase       {@code ASTREINTE_TWILIO_API_BASE}, default {@code https://api.twilio.com}; a fake in tests
 * @param publicBaseUrl {@code ASTREINTE_PUBLIC_URL}, the base Twilio calls back (webhooks, recording links)
 */
public record TwilioSettings(String accountSid, String authToken, String fromNumber, URI apiBase, URI publicBaseUrl) {
  public static final String ENV_ACCOUNT_SID = "TWILIO_ACCOUNT_SID";
  public static final String ENV_AUTH_TOKEN = "TWILIO_AUTH_TOKEN";
  public static final String ENV_FROM = "ASTREINTE_TWILIO_FROM";
  public static final String ENV_API_BASE = "ASTREINTE_TWILIO_API_BASE";
  public static final String ENV_PUBLIC_URL = "ASTREINTE_PUBLIC_URL";
  public static final URI DEFAULT_API_BASE = URI.create("https://api.twilio.com");

  public TwilioSettings {
    requireText(accountSid, ENV_ACCOUNT_SID);
    requireText(authToken, ENV_AUTH_TOKEN);
    requireText(fromNumber, ENV_FROM);
    if (!Phones.isE164(fromNumber)) {
      throw new IllegalArgumentException(ENV_FROM + " n'est pas un numéro E.164 : " + Phones.mask(fromNumber));
    }
    apiBase = withoutTrailingSlash(Objects.requireNonNull(apiBase, ENV_API_BASE), ENV_API_BASE);
    publicBaseUrl = withoutTrailingSlash(Objects.requireNonNull(publicBaseUrl, ENV_PUBLIC_URL), ENV_PUBLIC_URL);
  }

  /**
   * Empty when the Twilio credentials are absent (paging by Twilio is then off). When they are present,
   * a missing sender or public URL is a configuration error and throws, naming the variable: a half
   * configured pager would fail at 3 a.m. instead of at start-up.
   */
  public static Optional<TwilioSettings> of(String accountSid, String authToken, String fromNumber, String apiBase,
      Optional<URI> publicBaseUrl) {
    String sid = blankToNull(accountSid);
    String token = blankToNull(authToken);
    if (sid == null || token == null) {
      return Optional.empty();
    }
    String from = blankToNull(fromNumber);
    if (from == null) {
      throw new IllegalArgumentException(ENV_FROM + " est obligatoire quand " + ENV_ACCOUNT_SID + " est définie");
    }
    if (publicBaseUrl.isEmpty()) {
      throw new IllegalArgumentException(ENV_PUBLIC_URL + " est obligatoire quand " + ENV_ACCOUNT_SID + " est définie");
    }
    String base = blankToNull(apiBase);
    return Optional.of(new TwilioSettings(sid.trim(), token.trim(), from.trim(),
        base == null ? DEFAULT_API_BASE : httpUrl(base, ENV_API_BASE), publicBaseUrl.get()));
  }

  /** A URL under the public base, e.g. {@code publicUrl("/twilio/status")}. */
  public URI publicUrl(String pathAndQuery) {
    return URI.create(publicBaseUrl + (pathAndQuery.startsWith("/") ? "" : "/") + pathAndQuery);
  }

  /** Never prints the token: settings end up in logs and exception messages. */
  @Override
  public String toString() {
    return "TwilioSettings[accountSid=" + accountSid + ", authToken=****, fromNumber=" + Phones.mask(fromNumber)
        + ", apiBase=" + apiBase + ", publicBaseUrl=" + publicBaseUrl + "]";
  }

  /** An absolute http(s) URL, or an error naming the variable {@code name}. */
  public static URI httpUrl(String value, String name) {
    try {
      URI uri = new URI(value.trim());
      if (uri.getScheme() == null || uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException(name + " doit être une URL http(s) absolue, pas « " + value + " »");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(name + " n'est pas une URL valide : « " + value + " »", e);
    }
  }

  private static URI withoutTrailingSlash(URI uri, String name) {
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(name + " doit être une URL http(s) absolue, pas « " + uri + " »");
    }
    String s = uri.toString();
    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " est obligatoire");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
