package com.serveurcom.astreinte.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.serveurcom.astreinte.oncall.Eligibility;
import com.serveurcom.astreinte.oncall.OnCallEligibility;
import com.serveurcom.astreinte.ticket.ImportedTicket;
import com.serveurcom.astreinte.ticket.InvalidTransitionException;
import com.serveurcom.astreinte.ticket.NewTicket;
import com.serveurcom.astreinte.ticket.Priority;
import com.serveurcom.astreinte.ticket.Service;
import com.serveurcom.astreinte.ticket.Ticket;
import com.serveurcom.astreinte.ticket.TicketAlreadyExistsException;
import com.serveurcom.astreinte.ticket.TicketEvent;
import com.serveurcom.astreinte.ticket.TicketFilter;
import com.serveurcom.astreinte.ticket.TicketNotFoundException;
import com.serveurcom.astreinte.ticket.TicketStatus;
import com.serveurcom.astreinte.ticket.TicketStore;
import com.serveurcom.astreinte.ticket.UnknownAccountException;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.escalation.TicketEscalationView;
import java.time.Clock;
import java.util.function.Supplier;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The ticket endpoints: create, import with a number, show (with deadlines and history), list
 * with filters, life-cycle events, and the on-call eligibility the phone line applies.
 */
public final class TicketApi {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final String DEFAULT_ACTOR = "api";

  /** Body of {@code POST /api/tickets}. */
  public record TicketRequest(Long accountId, String service, String priority, String motive, String subject,
      String description, String contactName, String contactPhone, String contactEmail, String actor) {}

  /** Body of {@code PUT /api/tickets/{number}}: a ticket from another tool, with its history. */
  public record ImportRequest(Long accountId, String service, String priority, String status, String motive,
      String subject, String description, String contactName, String contactPhone, String contactEmail,
      String assignee, Instant openedAt, Instant takenInChargeAt, Instant resolvedAt, String actor) {}

  /** Body of {@code POST /api/tickets/{number}/events}. */
  public record EventRequest(String kind, String actor, String text, String assignee, String priority) {}

  public record EventView(long id, Instant at, String actor, String kind, @JsonRawValue String details) {
    static EventView of(TicketEvent e) {
      return new EventView(e.id(), e.at(), e.actor(), e.kind(), e.details() == null ? "{}" : e.details());
    }
  }

  /** A ticket as the API shows it; {@code events} is null in listings. */
  public record TicketView(String number, long accountId, String service, String priority, String status,
      String motive, String subject, String description, String contactName, String contactPhone,
      String contactEmail, String assignee, boolean compliant, Instant openedAt, Instant takenInChargeAt,
      Instant resolvedAt, Instant closedAt, Instant takeChargeBy, Instant resolveBy, Instant nextDeadline,
      @JsonInclude(JsonInclude.Include.NON_NULL) TicketEscalationView escalation,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<EventView> events) {
    static TicketView of(Ticket t, TicketEscalationView escalation, List<TicketEvent> events) {
      return new TicketView(t.number(), t.accountId(), t.service().code(), t.priority().code(), t.status().code(),
          t.motive(), t.subject(), t.description(), t.contactName(), t.contactPhone(), t.contactEmail(),
          t.assignee(), t.isCompliant(), t.openedAt(), t.takenInChargeAt(), t.resolvedAt(), t.closedAt(),
          t.takeChargeBy(), t.resolveBy(), t.nextDeadline(), escalation,
          events == null ? null : events.stream().map(EventView::of).toList());
    }
  }

  public record TicketList(List<TicketView> tickets) {}

  /** {@code reason} is {@code eligible} or a refusal code, so scripts can switch on one field. */
  public record EligibilityView(String number, boolean eligible, String reason) {}

  private final TicketStore tickets;
  private final OnCallEligibility eligibility;
  private final JsonBodies json;
  private final Clock clock;
  private final Supplier<EscalationMatrix> matrix;

  /** @param matrix the escalation matrix in force, to show each deadline's overrun and level */
  public TicketApi(TicketStore tickets, OnCallEligibility eligibility, JsonBodies json, Clock clock,
      Supplier<EscalationMatrix> matrix) {
    this.tickets = tickets;
    this.eligibility = eligibility;
    this.json = json;
    this.clock = clock;
    this.matrix = matrix;
  }

  /** The ticket with its deadlines' overrun and escalation level now, and its history. */
  private TicketView full(Ticket t) {
    return TicketView.of(t, TicketEscalationView.of(t, matrix.get(), clock.instant()), tickets.events(t.number()));
  }

  public void register(Router router) {
    router.post("/api/tickets", this::create);
    router.get("/api/tickets", this::list);
    router.get("/api/tickets/{number}", this::show);
    router.put("/api/tickets/{number}", this::importTicket);
    router.post("/api/tickets/{number}/events", this::event);
    router.get("/api/tickets/{number}/eligibility", this::eligibility);
  }

  private HttpResponse create(HttpRequest request) {
    TicketRequest r = json.read(request, TicketRequest.class);
    long accountId = accountId(r.accountId());
    Service service = Input.service(r.service(), "service");
    Priority priority = Input.priority(r.priority(), "priority");
    NewTicket t = new NewTicket(accountId, service,
        Input.optional(r.motive(), "motive", Input.NAME_MAX),
        priority,
        Input.optional(r.subject(), "subject", Input.NAME_MAX),
        Input.optional(r.description(), "description", Input.TEXT_MAX),
        Input.optional(r.contactName(), "contact_name", Input.NAME_MAX),
        Input.email(r.contactEmail(), "contact_email"),
        Input.phone(r.contactPhone(), "contact_phone"));
    String actor = actor(r.actor());
    Ticket created = withAccount(() -> tickets.create(t, actor));
    return created(created);
  }

  private HttpResponse importTicket(HttpRequest request) {
    String number = Input.ticketNumber(request.pathParam("number"), "number");
    ImportRequest r = json.read(request, ImportRequest.class);
    long accountId = accountId(r.accountId());
    if (r.openedAt() == null) {
      throw ApiException.badRequest("required", "opened_at");
    }
    TicketStatus status = r.status() == null ? TicketStatus.NEW : Input.status(r.status(), "status");
    ImportedTicket t = new ImportedTicket(number, accountId,
        Input.service(r.service(), "service"),
        Input.optional(r.motive(), "motive", Input.NAME_MAX),
        Input.priority(r.priority(), "priority"),
        status,
        Input.optional(r.subject(), "subject", Input.NAME_MAX),
        Input.optional(r.description(), "description", Input.TEXT_MAX),
        Input.optional(r.contactName(), "contact_name", Input.NAME_MAX),
        Input.email(r.contactEmail(), "contact_email"),
        Input.phone(r.contactPhone(), "contact_phone"),
        Input.optional(r.assignee(), "assignee", Input.ACTOR_MAX),
        r.openedAt(), r.takenInChargeAt(), r.resolvedAt());
    String actor = actor(r.actor());
    Ticket imported;
    try {
      imported = withAccount(() -> tickets.importTicket(t, actor));
    } catch (TicketAlreadyExistsException e) {
      throw new ApiException(409, "a request with this number already exists", "number");
    }
    return created(imported);
  }

  private HttpResponse created(Ticket t) {
    return HttpResponse.json(201, json.write(full(t)))
        .withHeader("Location", "/api/tickets/" + t.number());
  }

  private HttpResponse show(HttpRequest request) {
    String number = Input.ticketNumber(request.pathParam("number"), "number");
    Ticket t = tickets.find(number).orElseThrow(() -> ApiException.notFound("no request with this number"));
    return HttpResponse.json(200, json.write(full(t)));
  }

  private HttpResponse list(HttpRequest request) {
    Set<TicketStatus> statuses = EnumSet.noneOf(TicketStatus.class);
    for (String code : values(request, "status")) {
      statuses.add(Input.status(code, "status"));
    }
    Set<Priority> priorities = EnumSet.noneOf(Priority.class);
    for (String code : values(request, "priority")) {
      priorities.add(Input.priority(code, "priority"));
    }
    Optional<Long> account = request.queryParam("account").map(a -> Input.positiveId(a, "account"));
    int limit = request.queryParam("limit").map(l -> {
      long n = Input.positiveId(l, "limit");
      if (n > MAX_LIMIT) {
        throw ApiException.badRequest("at most " + MAX_LIMIT, "limit");
      }
      return (int) n;
    }).orElse(DEFAULT_LIMIT);
    List<TicketView> found = tickets.list(new TicketFilter(statuses, priorities, account, limit)).stream()
        .map(t -> TicketView.of(t, null, null)).toList();
    return HttpResponse.json(200, json.write(new TicketList(found)));
  }

  /** Repeated parameters and comma-separated lists both select several values ({@code status=new,in_progress}). */
  private static List<String> values(HttpRequest request, String name) {
    List<String> raw = request.query().getOrDefault(name, List.of());
    return raw.stream().flatMap(v -> java.util.Arrays.stream(v.split(",", -1))).toList();
  }

  private HttpResponse event(HttpRequest request) {
    String number = Input.ticketNumber(request.pathParam("number"), "number");
    EventRequest r = json.read(request, EventRequest.class);
    String kind = Input.required(r.kind(), "kind", 30);
    String actor = actor(r.actor());
    Ticket changed;
    try {
      switch (kind) {
        case "comment" -> {
          unused(r.assignee(), "assignee", kind);
          unused(r.priority(), "priority", kind);
          changed = tickets.comment(number, actor, Input.required(r.text(), "text", Input.TEXT_MAX));
        }
        case "take_charge" -> {
          unused(r.priority(), "priority", kind);
          unused(r.text(), "text", kind);
          changed = tickets.takeCharge(number, actor, Input.required(r.assignee(), "assignee", Input.ACTOR_MAX));
        }
        case "change_priority" -> {
          unused(r.assignee(), "assignee", kind);
          unused(r.text(), "text", kind);
          changed = tickets.changePriority(number, actor, Input.priority(r.priority(), "priority"));
        }
        case "resolve" -> {
          unused(r.assignee(), "assignee", kind);
          unused(r.priority(), "priority", kind);
          changed = tickets.resolve(number, actor, Input.optional(r.text(), "text", Input.TEXT_MAX));
        }
        case "close" -> {
          unused(r.assignee(), "assignee", kind);
          unused(r.priority(), "priority", kind);
          unused(r.text(), "text", kind);
          changed = tickets.close(number, actor);
        }
        case "reopen" -> {
          unused(r.assignee(), "assignee", kind);
          unused(r.priority(), "priority", kind);
          changed = tickets.reopen(number, actor, Input.optional(r.text(), "text", Input.TEXT_MAX));
        }
        default -> throw ApiException.badRequest(
            "unknown kind (expected comment, take_charge, change_priority, resolve, close or reopen)", "kind");
      }
    } catch (TicketNotFoundException e) {
      throw ApiException.notFound("no request with this number");
    } catch (InvalidTransitionException e) {
      throw new ApiException(409, e.getMessage(), "kind");
    }
    return HttpResponse.json(200, json.write(full(changed)));
  }

  /**
   * Always 200: the answer is the one the phone line gives, and for the line a malformed number is
   * just an unknown request. A caller that is not E.164 is treated as anonymous, since the caller
   * is not a rule of the decision.
   */
  private HttpResponse eligibility(HttpRequest request) {
    String number = request.pathParam("number");
    String caller = request.queryParam("caller").filter(Input::isPhone).orElse(null);
    Eligibility e = eligibility.check(number, caller, clock.instant());
    EligibilityView view = e instanceof Eligibility.Refused refused
        ? new EligibilityView(number, false, refused.reason().code())
        : new EligibilityView(number, true, "eligible");
    return HttpResponse.json(200, json.write(view));
  }

  private static void unused(String value, String field, String kind) {
    if (value != null) {
      throw ApiException.badRequest("not used by kind " + kind, field);
    }
  }

  private static long accountId(Long id) {
    if (id == null) {
      throw ApiException.badRequest("required", "account_id");
    }
    if (id <= 0) {
      throw ApiException.badRequest("must be a positive integer", "account_id");
    }
    return id;
  }

  private static String actor(String actor) {
    String a = Input.optional(actor, "actor", Input.ACTOR_MAX);
    return a == null ? DEFAULT_ACTOR : a;
  }

  private static Ticket withAccount(Supplier<Ticket> work) {
    try {
      return work.get();
    } catch (UnknownAccountException e) {
      throw ApiException.badRequest("unknown account", "account_id");
    }
  }
}
