package com.serveurcom.astreinte.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.calendar.CalendarDefinition;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.sla.SlaTargets;
import com.serveurcom.astreinte.ticket.Priority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  /** The shipped files, at the root of the repository. */
  static final Path SHIPPED = Path.of("..", "config");

  @TempDir Path dir;

  static void copyShipped(Path to) throws IOException {
    for (String f : ConfigLoader.FILES) {
      Files.copy(SHIPPED.resolve(f), to.resolve(f));
    }
  }

  private List<ConfigProblem> problemsWith(String file, String content) throws IOException {
    copyShipped(dir);
    Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
    ConfigLoadResult r = ConfigLoader.load(dir);
    assertThat(r).isInstanceOf(ConfigLoadResult.Invalid.class);
    return ((ConfigLoadResult.Invalid) r).problems();
  }

  private static ConfigProblem only(List<ConfigProblem> problems) {
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  @Test
  void shippedFilesReproduceTheSeed() {
    ConfigLoadResult r = ConfigLoader.load(SHIPPED);
    assertThat(r).isInstanceOf(ConfigLoadResult.Valid.class);
    AstreinteConfig c = ((ConfigLoadResult.Valid) r).config();
    assertThat(c.calendar().definition()).isEqualTo(CalendarDefinition.seed());
    assertThat(c.sla()).isEqualTo(SlaTargets.seed());
    EscalationMatrix seed = EscalationMatrix.seed(c.escalation().contacts());
    assertThat(c.escalation().thresholds()).isEqualTo(seed.thresholds());
    for (int level = 1; level <= 3; level++) {
      // The shipped canaux say what a file without the key means.
      assertThat(c.escalation().channels(level)).isEqualTo(seed.channels(level));
    }
    for (int level = 1; level <= 3; level++) {
      assertThat(c.escalation().contacts(level)).isNotEmpty();
    }
    assertThat(c.escalation().thresholds(Priority.LOW)).isEmpty();
    assertThat(c.summary()).startsWith("configuration valide");
  }

  @Test
  void unknownKeyIsReportedAtTheKey() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.HOURS, """
        fuseau: Europe/Paris
        horaires:
          lundi:
            - { debut: "08:30", fin: "12:30" }
          lundy: []
        """));
    assertThat(p.file()).endsWith("horaires.yaml");
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.column()).isEqualTo(3);
    assertThat(p.message()).contains("lundy").contains("clé inconnue");
    assertThat(p.toString()).matches(".*horaires\\.yaml:5:3: clé inconnue.*");
  }

  @Test
  void badTime() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.HOURS, """
        fuseau: Europe/Paris
        horaires:
          lundi:
            - { debut: "08:30", fin: "12:30" }
            - { debut: "14h00", fin: "18:00" }
        """));
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).contains("horaires.lundi[2].debut").contains("heure invalide").contains("14h00");
  }

  @Test
  void endBeforeStart() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.HOURS, """
        fuseau: Europe/Paris
        horaires:
          mardi:
            - debut: "14:00"
              fin: "12:00"
        """));
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.column()).isEqualTo(12);
    assertThat(p.message()).contains("horaires.mardi[1].fin").contains("après le début");
  }

  @Test
  void overlappingIntervals() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.HOURS, """
        fuseau: Europe/Paris
        horaires:
          mercredi:
            - { debut: "08:30", fin: "12:30" }
            - { debut: "12:00", fin: "18:00" }
        """));
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).contains("horaires.mercredi[2]").contains("chevauche");
  }

  @Test
  void unknownPriority() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.SLA, """
        cibles:
          low:
            prise-en-charge: { delai: "4h", horloge: business-hours }
            resolution: { delai: "48h", horloge: business-days }
          medium:
            prise-en-charge: { delai: "2h", horloge: 24x7 }
            resolution: { delai: "24h", horloge: 24x7 }
          high:
            prise-en-charge: { delai: "30min", horloge: 24x7 }
            resolution: { delai: "4h", horloge: 24x7 }
          urgent:
            prise-en-charge: { delai: "10min", horloge: 24x7 }
            resolution: { delai: "1h", horloge: 24x7 }
        """));
    assertThat(p.line()).isEqualTo(11);
    assertThat(p.message()).contains("priorité inconnue").contains("urgent");
  }

  @Test
  void unknownClockAndBadDuration() throws IOException {
    List<ConfigProblem> ps = problemsWith(ConfigLoader.SLA, """
        cibles:
          low:
            prise-en-charge: { delai: "4 heures", horloge: business-hours }
            resolution: { delai: "48h", horloge: jours-ouvres }
          medium:
            prise-en-charge: { delai: "2h", horloge: 24x7 }
            resolution: { delai: "24h", horloge: 24x7 }
          high:
            prise-en-charge: { delai: "30min", horloge: 24x7 }
            resolution: { delai: "4h", horloge: 24x7 }
        """);
    assertThat(ps).extracting(ConfigProblem::line).containsExactly(3, 4);
    assertThat(ps.get(0).message()).contains("durée invalide");
    assertThat(ps.get(1).message()).contains("horloge inconnue");
  }

  @Test
  void thresholdsNotIncreasing() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.ESCALATION, """
        seuils:
          high: ["15min", "30min", "1h"]
          medium:
            - "1h"
            - "12h"
            - "6h"
          low: []
        contacts:
          niveau-1: [{ nom: "A", telephone: "+33272646101", email: "a@example.fr" }]
          niveau-2: [{ nom: "B", telephone: "+33272646102", email: "b@example.fr" }]
          niveau-3: [{ nom: "C", telephone: "+33272646103", email: "c@example.fr" }]
        """));
    assertThat(p.line()).isEqualTo(6);
    assertThat(p.message()).contains("seuils.medium").contains("niveau 3");
  }

  @Test
  void callerTransferNeedsTheNumberPlaceholder() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.ESCALATION, """
        seuils:
          high: ["15min", "30min", "1h"]
          medium: ["1h", "12h", "24h"]
          low: []
        mise-en-relation: "PJSIP/operateur"
        contacts:
          niveau-1: [{ nom: "A", telephone: "+33272646101", email: "a@example.fr" }]
          niveau-2: [{ nom: "B", telephone: "+33272646102", email: "b@example.fr" }]
          niveau-3: [{ nom: "C", telephone: "+33272646103", email: "c@example.fr" }]
        """));
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).contains("mise-en-relation").contains("{numero}");
  }

  @Test
  void callerTransferDialsTheLevelsFirstContact() {
    var m = new com.serveurcom.astreinte.escalation.EscalationMatrix(
        com.serveurcom.astreinte.escalation.EscalationMatrix.seed(java.util.Map.of()).thresholds(),
        java.util.Map.of(2, java.util.List.of(new com.serveurcom.astreinte.escalation.Contact("B", "+33272646102", "b@example.fr"))),
        "PJSIP/{numero}@operateur");
    assertThat(m.transferDial(2)).contains("PJSIP/+33272646102@operateur");
    assertThat(m.transferDial(1)).isEmpty();
  }

  @Test
  void anEscalationFileWithoutChannelsKeepsItsFormerMeaningPlusEmail() throws IOException {
    copyShipped(dir);
    Files.writeString(dir.resolve(ConfigLoader.ESCALATION), """
        seuils:
          high: ["15min", "30min", "1h"]
          medium: ["1h", "12h", "24h"]
          low: []
        contacts:
          niveau-1: [{ nom: "A", telephone: "+33272646101", email: "a@example.fr" }]
          niveau-2: [{ nom: "B", telephone: "+33272646102", email: "b@example.fr" }]
          niveau-3: [{ nom: "C", telephone: "+33272646103", email: "c@example.fr" }]
        """, StandardCharsets.UTF_8);
    ConfigLoadResult r = ConfigLoader.load(dir);
    assertThat(r).isInstanceOf(ConfigLoadResult.Valid.class);
    var m = ((ConfigLoadResult.Valid) r).config().escalation();
    var N = com.serveurcom.astreinte.escalation.NoticeChannel.class;
    assertThat(m.channels(1)).containsExactlyInAnyOrder(com.serveurcom.astreinte.escalation.NoticeChannel.SMS,
        com.serveurcom.astreinte.escalation.NoticeChannel.EMAIL);
    assertThat(m.channels(2)).containsExactlyInAnyOrder(N.getEnumConstants());
  }

  @Test
  void anUnknownChannelIsNamedAtItsLine() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.ESCALATION, """
        seuils:
          high: ["15min", "30min", "1h"]
          medium: ["1h", "12h", "24h"]
          low: []
        canaux:
          niveau-1: [courriel]
          niveau-2: [sms, fax]
        contacts:
          niveau-1: [{ nom: "A", telephone: "+33272646101", email: "a@example.fr" }]
          niveau-2: [{ nom: "B", telephone: "+33272646102", email: "b@example.fr" }]
          niveau-3: [{ nom: "C", telephone: "+33272646103", email: "c@example.fr" }]
        """));
    assertThat(p.line()).isEqualTo(7);
    assertThat(p.message()).contains("canaux.niveau-2").contains("fax").contains("courriel");
  }

  @Test
  void anEmailTemplateWithAnUnknownPlaceholderIsRefused() throws IOException {
    String text = shippedMessages().replace("courriel.client-prise-en-charge.objet: \"Serveurcom - votre demande {demande}",
        "courriel.client-prise-en-charge.objet: \"Serveurcom - votre demande {numero}");
    ConfigProblem p = only(problemsWith(MessageTexts.FILE, text));
    assertThat(p.message()).contains("courriel.client-prise-en-charge.objet").contains("{numero}");
  }

  @Test
  void missingContact() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.ESCALATION, """
        seuils:
          high: ["15min", "30min", "1h"]
          medium: ["1h", "12h", "24h"]
          low: []
        contacts:
          niveau-1: [{ nom: "A", telephone: "+33272646101", email: "a@example.fr" }]
          niveau-2: []
          niveau-3: [{ nom: "C", telephone: "+33272646103", email: "c@example.fr" }]
        """));
    assertThat(p.line()).isEqualTo(7);
    assertThat(p.message()).contains("contacts.niveau-2").contains("au moins un contact");
  }

  @Test
  void missingContactLevelKey() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.ESCALATION, """
        seuils:
          high: ["15min", "30min", "1h"]
          medium: ["1h", "12h", "24h"]
          low: []
        contacts:
          niveau-1: [{ nom: "A", telephone: "+33272646101", email: "a@example.fr" }]
          niveau-2: [{ nom: "B", telephone: "+33272646102", email: "b@example.fr" }]
        """));
    assertThat(p.line()).isEqualTo(6);
    assertThat(p.message()).contains("niveau 3");
  }

  @Test
  void badPhoneNumber() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.ESCALATION, """
        seuils:
          high: ["15min", "30min", "1h"]
          medium: ["1h", "12h", "24h"]
          low: []
        contacts:
          niveau-1: [{ nom: "A", telephone: "+33272646101", email: "a@example.fr" }]
          niveau-2:
            - nom: "B"
              telephone: "02 72 64 61 02"
              email: "b@example.fr"
          niveau-3: [{ nom: "C", telephone: "+33272646103", email: "c@example.fr" }]
        """));
    assertThat(p.line()).isEqualTo(9);
    assertThat(p.column()).isEqualTo(18);
    assertThat(p.message()).contains("contacts.niveau-2[1].telephone").contains("E.164");
  }

  private String shippedMessages() throws IOException {
    return Files.readString(SHIPPED.resolve(ConfigLoader.MESSAGES), StandardCharsets.UTF_8);
  }

  @Test
  void anUnknownPlaceholderInATextIsAnErrorAtItsValue() throws IOException {
    String text = shippedMessages().replace("client.refus: \"Serveurcom : votre demande {demande}",
        "client.refus: \"Serveurcom : votre demande {numero}");
    ConfigProblem p = only(problemsWith(ConfigLoader.MESSAGES, text));
    String[] lines = text.split("\n", -1);
    int line = java.util.stream.IntStream.range(0, lines.length).filter(i -> lines[i].startsWith("client.refus:"))
        .findFirst().orElseThrow() + 1;
    assertThat(p.line()).isEqualTo(line);
    assertThat(p.column()).isEqualTo("client.refus: ".length() + 1);
    assertThat(p.message()).contains("client.refus").contains("{numero}").contains("{demande}");
  }

  @Test
  void aMissingTextIsAnError() throws IOException {
    String text = shippedMessages().replaceAll("(?m)^escalade\\.sms:.*$", "");
    ConfigProblem p = only(problemsWith(ConfigLoader.MESSAGES, text));
    assertThat(p.message()).contains("escalade.sms").contains("manquante");
  }

  @Test
  void theShippedTextsReadAsTheyAreWritten() {
    MessageTexts m = ((ConfigLoadResult.Valid) ConfigLoader.load(SHIPPED)).config().messages();
    assertThat(m.render(MessageTexts.Text.CUSTOMER_TAKEN, "demande", "26000001"))
        .isEqualTo("Serveurcom : votre demande 26000001 est prise en charge par le technicien d'astreinte.");
    assertThat(m.text(MessageTexts.Text.PRIORITY_HIGH)).isEqualTo("élevée");
  }

  @Test
  void missingFile() throws IOException {
    copyShipped(dir);
    Files.delete(dir.resolve(ConfigLoader.CLOSURES));
    ConfigLoadResult r = ConfigLoader.load(dir);
    List<ConfigProblem> ps = ((ConfigLoadResult.Invalid) r).problems();
    assertThat(ps).hasSize(1);
    assertThat(ps.get(0).toString()).isEqualTo(dir.resolve("fermetures.yaml") + ":1:1: fichier introuvable");
  }

  @Test
  void yamlSyntaxError() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.HOLIDAYS, """
        feries-francais: oui
        retires: [lundi-de-pentecote
        ajoutes: []
        """));
    assertThat(p.line()).isBetween(2, 3);
    assertThat(p.message()).startsWith("syntaxe YAML incorrecte");
  }

  @Test
  void unknownHolidayCode() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.HOLIDAYS, """
        feries-francais: oui
        retires:
          - pentecote
        """));
    assertThat(p.line()).isEqualTo(3);
    assertThat(p.message()).contains("jour férié inconnu");
  }

  @Test
  void everyProblemOfEveryFileIsReported() throws IOException {
    copyShipped(dir);
    Files.writeString(dir.resolve(ConfigLoader.HOURS), "fuseau: Europe/Pariss\nhoraires: {}\n");
    Files.writeString(dir.resolve(ConfigLoader.CLOSURES), "fermetures:\n  - { date: \"2026-02-30\" }\n");
    List<ConfigProblem> ps = ((ConfigLoadResult.Invalid) ConfigLoader.load(dir)).problems();
    assertThat(ps).extracting(p -> p.file().replaceAll(".*/", "") + ":" + p.line())
        .containsExactly("horaires.yaml:1", "fermetures.yaml:2");
  }

  @Test
  void closuresOpeningsAndAddedHolidaysAreRead() throws IOException {
    copyShipped(dir);
    Files.writeString(dir.resolve(ConfigLoader.CLOSURES), """
        fermetures:
          - { date: "2026-12-24", debut: "14:00", fin: "18:00", motif: "Réveillon" }
          - { date: "2026-12-31" }
        ouvertures-exceptionnelles:
          - { date: "2026-12-05", debut: "09:00", fin: "12:00" }
        """);
    Files.writeString(dir.resolve(ConfigLoader.HOLIDAYS), """
        feries-francais: oui
        retires: [lundi-de-pentecote]
        ajoutes:
          - { chaque-annee: "26/12", libelle: "Saint-Étienne" }
        """);
    AstreinteConfig c = ((ConfigLoadResult.Valid) ConfigLoader.load(dir)).config();
    var def = c.calendar().definition();
    assertThat(def.closures()).hasSize(2);
    assertThat(def.closures().get(1).range()).isNull();
    assertThat(def.openings()).hasSize(1);
    assertThat(c.calendar().holidayOn(java.time.LocalDate.of(2026, 12, 26))).contains("Saint-Étienne");
    assertThat(c.calendar().holidayOn(java.time.LocalDate.of(2026, 5, 25))).isEmpty();
  }

  @Test
  void theDepartementBringsItsRegionalHolidaysAndTheyCanBeDropped() throws IOException {
    copyShipped(dir);
    Files.writeString(dir.resolve(ConfigLoader.HOLIDAYS), """
        feries-francais: oui
        departement: "67"
        retires: []
        ajoutes: []
        """);
    AstreinteConfig alsace = ((ConfigLoadResult.Valid) ConfigLoader.load(dir)).config();
    assertThat(alsace.calendar().holidayOn(java.time.LocalDate.of(2027, 3, 26))).contains("Vendredi saint");
    assertThat(alsace.calendar().holidayOn(java.time.LocalDate.of(2026, 12, 26))).contains("Saint-Étienne");
    assertThat(alsace.calendar().holidayOn(java.time.LocalDate.of(2026, 12, 25))).contains("Noël");
    AstreinteConfig national = ((ConfigLoadResult.Valid) ConfigLoader.load(SHIPPED)).config();
    assertThat(national.calendar().holidayOn(java.time.LocalDate.of(2027, 3, 26))).isEmpty();
    assertThat(national.calendar().holidayOn(java.time.LocalDate.of(2026, 12, 26))).isEmpty();

    Files.writeString(dir.resolve(ConfigLoader.HOLIDAYS), """
        feries-francais: oui
        departement: "68"
        retires: [saint-etienne]
        """);
    AstreinteConfig dropped = ((ConfigLoadResult.Valid) ConfigLoader.load(dir)).config();
    assertThat(dropped.calendar().holidayOn(java.time.LocalDate.of(2026, 12, 26))).isEmpty();
    assertThat(dropped.calendar().holidayOn(java.time.LocalDate.of(2027, 3, 26))).contains("Vendredi saint");
    assertThat(ConfigDiff.between(national, dropped)).anySatisfy(line -> assertThat(line).contains("département aucun -> 68"));
  }

  @Test
  void unknownDepartementIsReportedAtItsLine() throws IOException {
    ConfigProblem p = only(problemsWith(ConfigLoader.HOLIDAYS, """
        feries-francais: oui
        departement: "99"
        """));
    assertThat(p.line()).isEqualTo(2);
    assertThat(p.message()).contains("département inconnu « 99 »");
  }
}
