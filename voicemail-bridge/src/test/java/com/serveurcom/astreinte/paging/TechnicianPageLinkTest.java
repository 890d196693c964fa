package com.serveurcom.astreinte.paging;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.testing.MutableClock;
import com.serveurcom.astreinte.paging.SignedUrls;
import com.serveurcom.astreinte.twilio.ReceivedWebhook;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The technician's link a page SMS carries: one person, one request, until the chain's end plus the grace. */
class TechnicianPageLinkTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T02:00:00Z"));
  final SignedUrls signer = new SignedUrls("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), clock);
  final PagingLinks links = PagingLinks.of(URI.create("https://astreinte.example.fr/"), Optional.of(signer));
  final Instant chainEnd = clock.instant().plus(Duration.ofMinutes(30));

  @Test
  void theLinkNamesThePersonAndTheRequestAndExpiresAfterTheGrace() {
    URI u = links.technicianPage(42, "alice", chainEnd).orElseThrow();
    assertThat(u.toString()).startsWith("https://astreinte.example.fr/p/42/alice?exp=");
    var query = ReceivedWebhook.query(u.toString());
    assertThat(signer.verify("/p/42/alice", query)).isEqualTo(SignedUrls.Verification.VALID);
    assertThat(signer.verify("/p/42/bob", query)).isEqualTo(SignedUrls.Verification.BAD_SIGNATURE);
    assertThat(signer.verify("/p/43/alice", query)).isEqualTo(SignedUrls.Verification.BAD_SIGNATURE);
    clock.set(chainEnd.plus(PagingLinks.TECHNICIAN_PAGE_GRACE).minusSeconds(1));
    assertThat(signer.verify("/p/42/alice", query)).isEqualTo(SignedUrls.Verification.VALID);
    clock.set(chainEnd.plus(PagingLinks.TECHNICIAN_PAGE_GRACE));
    assertThat(signer.verify("/p/42/alice", query)).isEqualTo(SignedUrls.Verification.EXPIRED);
  }

  @Test
  void anIdThatIsNotAPathSegmentIsEncodedAndNoSecretMeansNoLink() {
    assertThat(links.technicianPage(7, "jean paul/x", chainEnd).orElseThrow().getRawPath())
        .isEqualTo("/p/7/jean%20paul%2Fx");
    assertThat(PagingLinks.of(URI.create("https://a.example"), Optional.empty()).technicianPage(7, "alice", chainEnd))
        .isEmpty();
  }

  @Test
  void theLogPagerNeverLogsALinkThatOpens() {
    String sms = "Demande 1. " + links.technicianPage(42, "alice", chainEnd).orElseThrow();
    String logged = LogPager.withoutSignatures(sms);
    assertThat(logged).matches(".*&sig=[\\w-]{6}…$");
    assertThat(logged).doesNotContain(sms.substring(sms.indexOf("sig=") + 4));
  }
}
