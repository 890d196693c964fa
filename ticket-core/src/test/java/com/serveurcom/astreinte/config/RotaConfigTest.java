package com.serveurcom.astreinte.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.rota.OnCallScope;
import com.serveurcom.astreinte.rota.PagingTimings;
import com.serveurcom.astreinte.rota.Rota;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** astreinte.yaml: the shipped file, each kind of mistake at its line and column, gaps in config check. */
class RotaConfigTest {
  @TempDir Path dir;

  /** A valid rota; tests replace one line of it. Line numbers below refer to this text. */
  static final String VALID = """
      techniciens:
        - { id: t1, nom: "Technicien 1", mobile: "+33639980001" }
        - { id: t2, nom: "Technicien 2", mobile: "+33639980002" }
      rotation:
        ordre: [t1, t2]
        passation: { jour: lundi, heure: "09:00" }
        debut-cycle: "2026-01-05"
      remplacements:
        - { du: "2026-12-24 18:00", au: "2026-12-28 09:00", technicien: t2, motif: "congés" }
      secours: [t2, t1]
      dernier-recours: { nom: "Responsable", telephone: "+33272646101", email: "resp@example.fr" }
      relances: { intervalle: "5min", secours-apres: "15min", delai-prise-en-charge: "30min" }
      perimetre: { priorites: [medium, high], services: [technical] }
      """;

  private ConfigLoadResult loadWith(String rota) throws IOException {
    if (!Files.exists(dir.resolve(ConfigLoader.HOURS))) {
      ConfigLoaderTest.copyShipped(dir);
    }
    Files.writeString(dir.resolve(ConfigLoader.ROTA), rota, StandardCharsets.UTF_8);
    return ConfigLoader.load(dir);
  }

  private ConfigProblem only(String rota) throws IOException {
    ConfigLoadResult r = loadWith(rota);
    assertThat(r).isInstanceOf(ConfigLoadResult.Invalid.class);
    List<ConfigProblem> problems = ((ConfigLoadResult.Invalid) r).problems();
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).file()).endsWith("astreinte.yaml");
    return problems.get(0);
  }

  private static String replace(String from, String to) {
    assertThat(VALID).contains(from);
    return VALID.replace(from, to);
  }

  private static void at(ConfigProblem p, int line, int column, String... fragments) {
    assertThat(p.line()).as(p.toString()).isEqualTo(line);
    assertThat(p.column()).as(p.toString()).isEqualTo(column);
    for (String f : fragments) {
      assertThat(p.message()).contains(f);
    }
  }

  @Test
  void shippedRotaIsTheSeedsShape() {
    ConfigLoadResult r = ConfigLoader.load(ConfigLoaderTest.SHIPPED);
    assertThat(r).isInstanceOf(ConfigLoadResult.Valid.class);
    Rota rota = ((ConfigLoadResult.Valid) r).config().rota();
    assertThat(rota.technicians()).hasSize(3).allMatch(t -> t.mobile().startsWith("+336"));
    assertThat(rota.rotation().handOverDay()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(rota.rotation().handOverTime()).isEqualTo(LocalTime.of(9, 0));
    assertThat(rota.rotation().order()).hasSize(3);
    assertThat(rota.overrides()).isEmpty();
    assertThat(rota.backupChain()).isNotEmpty();
    assertThat(rota.timings()).isEqualTo(PagingTimings.seed());
    assertThat(rota.scope()).isEqualTo(OnCallScope.defaults());
    // The shipped rota leaves no gap, ever after its cycle start.
    assertThat(ConfigLoader.check(ConfigLoaderTest.SHIPPED, Instant.parse("2026-11-27T12:00:00Z")))
        .isInstanceOf(ConfigLoadResult.Valid.class);
  }

  @Test
  void validFileReadsOverridesInLocalTime() throws IOException {
    ConfigLoadResult r = loadWith(VALID);
    assertThat(r).isInstanceOf(ConfigLoadResult.Valid.class);
    Rota rota = ((ConfigLoadResult.Valid) r).config().rota();
    assertThat(rota.overrides().get(0).from()).isEqualTo(Instant.parse("2026-12-24T17:00:00Z"));
    assertThat(rota.onDutyAt(Instant.parse("2026-12-25T12:00:00Z")).primary().orElseThrow().id()).isEqualTo("t2");
  }

  /** Issue 13: the voix section (lines 14 to 20 once appended to VALID). */
  static final String VOICE = """
      voix:
        fournisseur: asterisk
        secours: twilio
        asterisk:
          numerotation: "PJSIP/{numero}@trunk-operateur"
          forme-numero: national
          numero-appelant: "+33272646172"
      """;

  @Test
  void voiceRouteThroughAsteriskWithTwilioFallback() throws IOException {
    ConfigLoadResult r = loadWith(VALID + VOICE);
    assertThat(r).as(r.toString()).isInstanceOf(ConfigLoadResult.Valid.class);
    com.serveurcom.astreinte.rota.VoiceRoute v = ((ConfigLoadResult.Valid) r).config().rota().voice();
    assertThat(v.provider()).isEqualTo("asterisk");
    assertThat(v.fallback()).contains("twilio");
    assertThat(v.pbx().channel("+33639980001")).isEqualTo("PJSIP/0639980001@trunk-operateur");
    assertThat(v.pbx().callerIdHeader()).isEqualTo("\"Serveurcom astreinte\" <+33272646172>");
    assertThat(v.pbx().ringTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(v.pbx().context()).isEqualTo("astreinte-page");
  }

  @Test
  void withoutVoiceSectionCallsGoWhereSmsGo() throws IOException {
    ConfigLoadResult r = loadWith(VALID);
    assertThat(((ConfigLoadResult.Valid) r).config().rota().voice())
        .isEqualTo(com.serveurcom.astreinte.rota.VoiceRoute.TWILIO_ONLY);
  }

  @Test
  void voiceMistakesAtTheirLine() throws IOException {
    at(only(VALID + VOICE.replace("fournisseur: asterisk", "fournisseur: sip")), 15, 16, "voix.fournisseur", "« sip »");
    at(only(VALID + VOICE.replace("{numero}@", "0600000000@")), 18, 19, "voix.asterisk.numerotation", "{numero}");
    at(only(VALID + VOICE.replace("\"+33272646172\"", "\"02 72 64 61 72\"")), 20, 22, "numero-appelant", "E.164");
    at(only(VALID + VOICE.replace("  secours: twilio\n", "  secours: twilio\n  autre: 1\n")), 17, 3,
        "clé inconnue « autre »");
    at(only(VALID + VOICE + "    sonnerie: \"5s\"\n"), 21, 15, "voix.asterisk.sonnerie", "10 s");
  }

  @Test
  void asteriskWithoutAFallbackThatSpeaksIsRefused() throws IOException {
    // Line 16 is "  secours: aucun", its value at column 12.
    ConfigProblem p = only(VALID + VOICE.replace("secours: twilio", "secours: aucun"));
    at(p, 16, 12, "voix.secours", "« aucun » impossible avec fournisseur: asterisk", "secours: twilio");
    assertThat(p.toString()).contains("astreinte.yaml:16:12:");
    // Without a secours line the fallback is "aucun" too: said at the provider (line 15, column 16).
    at(only(VALID + VOICE.replace("  secours: twilio\n", "")), 15, 16, "voix.secours", "synthèse vocale");
    // Twilio first needs no fallback; Asterisk as Twilio's fallback is fine too.
    assertThat(loadWith(VALID + VOICE.replace("fournisseur: asterisk", "fournisseur: twilio")
        .replace("secours: twilio", "secours: aucun"))).isInstanceOf(ConfigLoadResult.Valid.class);
    assertThat(loadWith(VALID + VOICE.replace("fournisseur: asterisk", "fournisseur: twilio")
        .replace("secours: twilio", "secours: asterisk"))).isInstanceOf(ConfigLoadResult.Valid.class);
  }

  @Test
  void unknownKey() throws IOException {
    at(only(replace("  ordre: [t1, t2]", "  ordre: [t1, t2]\n  ordres: []")), 6, 3, "clé inconnue « ordres »");
  }

  @Test
  void badPhoneIsNotEchoed() throws IOException {
    ConfigProblem p = only(replace("\"+33639980002\"", "\"06 39 98 00 02\""));
    at(p, 3, 44, "techniciens[2].mobile", "E.164");
    assertThat(p.message()).doesNotContain("06 39");
  }

  @Test
  void unknownTechnicianInRotationOverrideAndBackups() throws IOException {
    at(only(replace("ordre: [t1, t2]", "ordre: [t1, t3]")), 5, 15, "rotation.ordre[2]", "technicien inconnu « t3 »");
    at(only(replace("technicien: t2", "technicien: t9")), 9, 67, "remplacements[1].technicien", "« t9 »");
    at(only(replace("secours: [t2, t1]", "secours: [t2, x]")), 10, 15, "secours[2]", "« x »");
  }

  @Test
  void duplicateTechnicianId() throws IOException {
    at(only(replace("  - { id: t2,", "  - { id: t1, nom: \"Autre\", mobile: \"+33639980009\" }\n  - { id: t2,")), 3, 11,
        "techniciens[2].id", "« t1 » en double");
  }

  @Test
  void badWeekdayAndBadTime() throws IOException {
    at(only(replace("jour: lundi", "jour: lundy")), 6, 22, "rotation.passation.jour", "jour inconnu « lundy »");
    at(only(replace("heure: \"09:00\"", "heure: \"9h\"")), 6, 36, "rotation.passation.heure", "heure invalide");
    at(only(replace("heure: \"09:00\"", "heure: \"25:00\"")), 6, 36, "heure invalide");
  }

  @Test
  void cycleStartOffTheHandOverDay() throws IOException {
    at(only(replace("\"2026-01-05\"", "\"2026-01-06\"")), 7, 16, "rotation.debut-cycle", "mardi", "lundi");
  }

  @Test
  void overrideEndingBeforeItStarts() throws IOException {
    at(only(replace("au: \"2026-12-28 09:00\"", "au: \"2026-12-24 18:00\"")), 9, 35,
        "remplacements[1].au", "doit être après le début");
    at(only(replace("au: \"2026-12-28 09:00\"", "au: \"2026-02-30 09:00\"")), 9, 35, "date et heure invalides");
  }

  @Test
  void timingsMustIncreaseWithinThirtyMinutes() throws IOException {
    at(only(replace("secours-apres: \"15min\"", "secours-apres: \"5min\"")), 12, 48,
        "relances.secours-apres", "plus long que l'intervalle");
    at(only(replace("delai-prise-en-charge: \"30min\"", "delai-prise-en-charge: \"45min\"")), 12, 80,
        "relances.delai-prise-en-charge", "45 min", "30 min au plus");
    at(only(replace("delai-prise-en-charge: \"30min\"", "delai-prise-en-charge: \"10min\"")), 12, 80,
        "plus long que le délai avant les secours");
    at(only(replace("intervalle: \"5min\"", "intervalle: \"cinq\"")), 12, 25, "relances.intervalle", "durée invalide");
  }

  /** Issue 13: the shipped limits, a section overriding part of them, and each mistake at its place. */
  @Test
  void sendLimitsAreReadWithTheirDefaultsAndCheckedAtTheirLine() throws IOException {
    Rota without = ((ConfigLoadResult.Valid) loadWith(VALID)).config().rota();
    assertThat(without.limits()).isEqualTo(com.serveurcom.astreinte.rota.PageLimits.defaults());
    String limits = VALID + """
        limites-envoi:
          par-personne:
            sms: [ { nombre: 2, par: "5min" } ]
          appel-en-cours: "3min"
        """;
    Rota with = ((ConfigLoadResult.Valid) loadWith(limits)).config().rota();
    assertThat(with.limits().personSms()).containsExactly(new com.serveurcom.astreinte.rota.PageLimits.Rule(2,
        java.time.Duration.ofMinutes(5)));
    assertThat(with.limits().personVoice()).isEqualTo(com.serveurcom.astreinte.rota.PageLimits.defaults().personVoice());
    assertThat(with.limits().callUnderWay()).isEqualTo(java.time.Duration.ofMinutes(3));
    // Line 15 is "sms: [...]", line 16 "appel-en-cours".
    at(only(limits.replace("nombre: 2", "nombre: zero")), 16, 22, "limites-envoi.par-personne.sms.nombre",
        "nombre entier positif");
    at(only(limits.replace("par: \"5min\"", "par: \"48h\"")), 16, 30, "limites-envoi.par-personne.sms.par",
        "entre 10 s et 24 h");
    at(only(limits.replace("appel-en-cours: \"3min\"", "appel-en-cours: \"2h\"")), 17, 19,
        "limites-envoi.appel-en-cours", "entre 1 min et 30 min");
    at(only(limits.replace("sms: [", "courriel: [")), 16, 5, "courriel");
    // The shipped file has the section, with the defaults written out.
    Path shipped = Path.of("..", "config", "astreinte.yaml");
    Rota fromShipped = ((ConfigLoadResult.Valid) loadWith(Files.readString(shipped))).config().rota();
    assertThat(fromShipped.limits()).isEqualTo(com.serveurcom.astreinte.rota.PageLimits.defaults());
  }

  @Test
  void unknownPriorityAndService() throws IOException {
    at(only(replace("priorites: [medium, high]", "priorites: [medium, urgent]")), 13, 34,
        "perimetre.priorites", "priorité inconnue « urgent »");
    at(only(replace("services: [technical]", "services: [technique]")), 13, 52, "perimetre.services", "service inconnu « technique »", "« technique »");
  }

  @Test
  void missingSection() throws IOException {
    at(only(VALID.replace("perimetre: { priorites: [medium, high], services: [technical] }\n", "")), 1, 1,
        "« perimetre » manquante");
  }

  @Test
  void checkReportsGapsOverTheNextEightWeeksAtTheRotation() throws IOException {
    // The cycle starts on Monday 12 January 2026: everything closed before is uncovered.
    loadWith(replace("\"2026-01-05\"", "\"2026-01-12\""));
    Instant now = Instant.parse("2026-01-09T20:00:00Z");
    ConfigLoadResult r = ConfigLoader.check(dir, now);
    assertThat(r).isInstanceOf(ConfigLoadResult.Invalid.class);
    List<ConfigProblem> problems = ((ConfigLoadResult.Invalid) r).problems();
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).toString()).isEqualTo(dir.resolve("astreinte.yaml")
        + ":4:1: rotation : personne d'astreinte du vendredi 9 janvier 2026 21:00 au lundi 12 janvier 2026 08:30,"
        + " ligne fermée (la rotation ne commence que le lundi 12 janvier 2026 09:00)");
    // load() itself does not depend on the date.
    assertThat(ConfigLoader.load(dir)).isInstanceOf(ConfigLoadResult.Valid.class);
    // Past the cycle start, nothing to report.
    assertThat(ConfigLoader.check(dir, LocalDate.of(2026, 1, 13).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)))
        .isInstanceOf(ConfigLoadResult.Valid.class);
  }

  @Test
  void diffSaysWhatChangedInTheRotaWithMaskedPhones() throws IOException {
    AstreinteConfig before = ((ConfigLoadResult.Valid) loadWith(VALID)).config();
    Files.writeString(dir.resolve(ConfigLoader.ROTA), VALID
        .replace("\"+33639980002\"", "\"+33639980022\"")
        .replace("ordre: [t1, t2]", "ordre: [t2, t1]")
        .replace("intervalle: \"5min\"", "intervalle: \"10min\""), StandardCharsets.UTF_8);
    AstreinteConfig after = ((ConfigLoadResult.Valid) ConfigLoader.load(dir)).config();
    List<String> diff = ConfigDiff.between(before, after);
    assertThat(diff).containsExactly(
        "astreinte : technicien t2 : t2 (Technicien 2 +33*******02) -> t2 (Technicien 2 +33*******22)",
        "astreinte rotation.ordre : t1, t2 -> t2, t1",
        "astreinte relances : 5 min / 15 min / 30 min -> 10 min / 15 min / 30 min");
    assertThat(String.join("\n", diff)).doesNotContain("639980022");
  }
}
