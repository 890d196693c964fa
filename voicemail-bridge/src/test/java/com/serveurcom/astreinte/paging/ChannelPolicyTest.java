package com.serveurcom.astreinte.paging;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.escalation.Contact;
import com.serveurcom.astreinte.rota.DutySource;
import com.serveurcom.astreinte.rota.OnDuty;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Technician;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who is paged and when, without database or provider: seed timings 5 / 15 / 30 min. */
class ChannelPolicyTest {
  static final Technician ALICE = new Technician("Alice", "Alice Martin", "+33611111111");
  static final Technician BOB = new Technician("bob", "Bob Durand", "+33622222222");
  static final Technician CAROL = new Technician("carol", "Carol Petit", "+33633333333");
  static final Contact CHIEF = new Contact("Chef d'astreinte", "+33699999999", null);
  static final Instant START = Instant.parse("2026-01-10T22:00:00Z");
  final PagingTimings seed = PagingTimings.seed();

  static OnDuty duty(Technician primary, Technician... backups) {
    return new OnDuty(START, Optional.ofNullable(primary), primary == null ? "nobody" : primary.id(),
        primary == null ? DutySource.NONE : DutySource.ROTATION, Optional.empty(), List.of(backups), null, null);
  }

  private List<String> ids(List<Recipient> r) {
    return r.stream().map(x -> x.id() + "/" + x.role()).toList();
  }

  @Test
  void theChainRunsEveryIntervalAndEndsWithTheBreachAtTheWindow() {
    assertThat(ChannelPolicy.next(START, 1, seed)).isEqualTo(new ChannelPolicy.NextStep(1, START.plusSeconds(300)));
    assertThat(ChannelPolicy.next(START, 5, seed)).isEqualTo(new ChannelPolicy.NextStep(5, START.plusSeconds(1500)));
    ChannelPolicy.NextStep sixth = ChannelPolicy.next(START, 6, seed);
    assertThat(sixth.breach()).isTrue();
    assertThat(sixth.at()).isEqualTo(START.plus(Duration.ofMinutes(30)));
    assertThat(ChannelPolicy.next(START, 9, seed).at()).isEqualTo(START.plus(Duration.ofMinutes(30)));
  }

  @Test
  void theTechnicianOnDutyAloneUntilBackupsAfterThenOneBackupMoreEachInterval() {
    OnDuty d = duty(ALICE, BOB, CAROL);
    assertThat(ids(ChannelPolicy.pageRecipients(d, null, seed, CHIEF))).containsExactly("alice/ON_DUTY");
    assertThat(ids(ChannelPolicy.pageRecipients(d, 1, seed, CHIEF))).containsExactly("alice/ON_DUTY");
    assertThat(ids(ChannelPolicy.pageRecipients(d, 2, seed, CHIEF))).containsExactly("alice/ON_DUTY");
    assertThat(ids(ChannelPolicy.pageRecipients(d, 3, seed, CHIEF))).containsExactly("alice/ON_DUTY", "bob/BACKUP");
    assertThat(ids(ChannelPolicy.pageRecipients(d, 4, seed, CHIEF))).containsExactly("alice/ON_DUTY", "carol/BACKUP");
    // Past the end of the chain the last backup is kept.
    assertThat(ids(ChannelPolicy.pageRecipients(d, 5, seed, CHIEF))).containsExactly("alice/ON_DUTY", "carol/BACKUP");
  }

  @Test
  void nobodyOnDutyPagesTheFirstBackupElseTheLastResort() {
    assertThat(ids(ChannelPolicy.pageRecipients(duty(null, BOB, CAROL), null, seed, CHIEF)))
        .containsExactly("bob/BACKUP");
    List<Recipient> last = ChannelPolicy.pageRecipients(duty(null), 2, seed, CHIEF);
    assertThat(ids(last)).containsExactly("last-resort/LAST_RESORT");
    assertThat(last.get(0).phone()).isEqualTo(CHIEF.phone());
  }

  @Test
  void orphansGoToTheTechnicianOnDutyElseTheLastResort() {
    assertThat(ChannelPolicy.orphanRecipient(duty(ALICE, BOB), CHIEF).id()).isEqualTo("alice");
    assertThat(ChannelPolicy.orphanRecipient(duty(null, BOB), CHIEF).id()).isEqualTo("last-resort");
  }

  @Test
  void anAssigneeIsFoundByIdOrNameWhateverTheCase() {
    List<Technician> all = List.of(ALICE, BOB);
    assertThat(ChannelPolicy.assignee(all, "BOB")).map(Recipient::phone).contains(BOB.mobile());
    assertThat(ChannelPolicy.assignee(all, "alice martin")).map(Recipient::id).contains("alice");
    assertThat(ChannelPolicy.assignee(all, "Dominique")).isEmpty();
    assertThat(ChannelPolicy.assignee(all, null)).isEmpty();
  }
}
