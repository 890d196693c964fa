package com.serveurcom.astreinte.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulate-page}: the technician's phone when {@code serve --demo} pages through its own simulated
 * Asterisk. Picks up the page call ringing (or waits for the next one), presses the keys chosen, and
 * shows what the technician heard ({@code POST /api/demo/pbx/pick-up}).
 */
@Command(name = "simulate-page",
    description = "Joue le téléphone du technicien d'astreinte quand « serve --demo » appelle par son Asterisk simulé"
        + " (voix: fournisseur: asterisk, sans ASTREINTE_AMI_HOST) : décroche l'appel qui sonne (ou attend le suivant),"
        + " tape les touches choisies et affiche ce que le technicien a entendu.")
final class SimulatePageCommand extends ApiCall {
  static final class Choice {
    @Option(names = "--touche", paramLabel = "N",
        description = "Choix au menu : 1 prendre en charge, 2 refuser, 4 prendre en charge et être mis en relation"
            + " avec le client (la touche qui confirme l'écoute est tapée avant).")
    Integer menu;

    @Option(names = "--keys", paramLabel = "TOUCHES",
        description = "Toutes les touches, une entrée par invite, séparées par des virgules : chiffres, - (silence),"
            + " hangup (raccroche). Exemples : \"5,3,1\" (écouter, réécouter, prendre en charge), \"-\" (messagerie"
            + " qui décroche sans touche).")
    String keys;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Choice choice;

  @Option(names = "--attente", paramLabel = "SECONDES", defaultValue = "120",
      description = "Attente d'un appel qui sonne, en secondes (0 à 3600, défaut ${DEFAULT-VALUE}).")
  int waitSeconds;

  /** The keys sent: the pick-up check's key, then the menu choice; 1 (take charge) when nothing is chosen. */
  String keys() {
    if (choice != null && choice.keys != null) {
      return choice.keys.strip();
    }
    int menu = choice == null || choice.menu == null ? 1 : choice.menu;
    if (menu != 1 && menu != 2 && menu != 4) {
      throw new IllegalArgumentException("--touche vaut 1 (prendre en charge), 2 (refuser) ou 4 (mise en relation)");
    }
    return "5," + menu;
  }

  @Override
  ApiClient.Response send(ApiClient client) throws ApiClient.Unreachable {
    if (waitSeconds < 0 || waitSeconds > 3600) {
      throw new IllegalArgumentException("--attente doit être entre 0 et 3600 secondes");
    }
    String keys = keys();
    long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
    while (true) {
      long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("keys", keys);
      body.put("wait_seconds", Math.min(left, 20));
      ApiClient.Response r = client.post("/api/demo/pbx/pick-up", body);
      // Nothing rang within this request's wait: ask again until --attente is over. Any other answer (a
      // server without the demo's PBX answers 404 too, at once) is the command's.
      if (!nothingRang(r) || left <= 20) {
        return r;
      }
    }
  }

  private static boolean nothingRang(ApiClient.Response r) {
    return r.status() == 404 && r.body().path("error").asText("").equals(NOTHING_RANG);
  }

  /** The API's error when no page call rang within the wait ({@code DemoPbxApi}). */
  static final String NOTHING_RANG = "no page call is ringing";

  @Override
  String refusal(ApiClient client, ApiClient.Response r) {
    if (r.status() == 404) {
      return nothingRang(r)
          ? "aucun appel d'astreinte n'a sonné en " + waitSeconds + " s"
          : "ce serveur n'a pas d'Asterisk simulé : le lancer avec « serve --demo », « fournisseur: asterisk » dans"
              + " la section voix de astreinte.yaml et sans " + com.serveurcom.astreinte.Settings.AMI_HOST;
    }
    return r.error();
  }

  @Override
  void printText(PrintWriter out, JsonNode body) {
    out.println("appel décroché : demande " + text(body, "request") + " (" + text(body, "dialed_masked") + "), touches "
        + text(body, "keys"));
    out.println("le technicien a entendu :");
    for (JsonNode h : body.path("heard")) {
      if (h.has("said")) {
        out.println("  " + h.path("said").asText());
      } else if (h.has("message")) {
        out.println("  [message du client : " + h.path("message").asText() + "]");
      } else if (h.has("dial")) {
        out.println("  [mise en relation demandée à Asterisk : " + h.path("dial").asText() + "]");
      } else {
        String said = text(h, "text");
        out.println("  " + (said.equals("-") ? "[" + text(h, "prompt") + "]" : "« " + said + " »"));
      }
    }
  }
}
