package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.config.AstreinteConfig;
import com.serveurcom.astreinte.ticket.SlaDeadlines;
import com.serveurcom.astreinte.ticket.SlaPolicy;
import com.serveurcom.astreinte.ticket.Priority;
import java.io.Writer;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sla --priority P --opened INSTANT}: a request's take-charge and resolve deadlines. */
@Command(name = "sla", description = "Les échéances SLA d'une demande ; '-' lit des lignes 'priorité,ouverture' sur l'entrée standard.")
final class SlaCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--priority", paramLabel = "low|medium|high", description = "Priorité de la demande.")
  String priority;

  @Option(names = "--opened", paramLabel = "INSTANT", description = "Ouverture de la demande, ISO-8601 avec décalage (ou '-' : entrée standard).")
  String opened;

  @Option(names = "--no-on-call", description = "Le compte n'a pas l'option astreinte : les délais 24x7 comptent en heures ouvrées.")
  boolean noOnCall;

  @Parameters(paramLabel = "-", arity = "0..1", description = "'-' pour lire des lignes 'priorité,ouverture' sur l'entrée standard.")
  String stdin;

  @Override
  public Integer call() {
    boolean batch = "-".equals(stdin) || "-".equals(opened);
    if (!batch && (priority == null || opened == null)) {
      System.err.println(ErrorLine.of(spec, "--priority et --opened sont requis (ou '-' pour lire l'entrée standard)"
          + " (aide : bin/astreinte sla --help)"));
      return CommonOptions.EXIT_INVALID;
    }
    AstreinteConfig config = common.loadOrReport();
    if (config == null) {
      return CommonOptions.EXIT_INVALID;
    }
    SlaPolicy policy = config.slaPolicy();
    Writer out = CommonOptions.out();
    if (batch) {
      return common.batch(out, line -> {
        String[] f = line.split(",", -1);
        if (f.length != 2) {
          throw new IllegalArgumentException("attendu 'priority,opened'");
        }
        return render(policy, f[0], f[1]);
      });
    }
    try {
      CommonOptions.print(out, render(policy, priority, opened));
      return CommonOptions.EXIT_OK;
    } catch (IllegalArgumentException e) {
      System.err.println(ErrorLine.of(spec, e.getMessage()));
      return CommonOptions.EXIT_INVALID;
    }
  }

  private String render(SlaPolicy policy, String p, String openedText) {
    Priority prio = CommonOptions.priority(p);
    Instant from = Instants.parse(openedText);
    SlaDeadlines d = policy.deadlines(prio, from, !noOnCall);
    if (common.json) {
      return "{\"take_charge_by\":\"" + Instants.format(d.takeChargeBy()) + "\",\"resolve_by\":\""
          + Instants.format(d.resolveBy()) + "\"}";
    }
    return "priorité " + French.priorityAfterNoun(prio) + ", ouverte le " + Instants.human(from) + " : prise en charge avant le "
        + Instants.local(d.takeChargeBy()) + ", résolution avant le " + Instants.local(d.resolveBy());
  }
}
