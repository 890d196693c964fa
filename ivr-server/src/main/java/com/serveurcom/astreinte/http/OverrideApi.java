package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.calendar.LineOverrides;
import com.serveurcom.astreinte.calendar.BusinessCalendar;
import com.serveurcom.astreinte.calendar.CalendarStatus;
import com.serveurcom.astreinte.calendar.ManualOverride;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The line's manual override over HTTP, like FreePBX's day/night toggle: force the line open or
 * closed until the next natural change or a given instant, or clear it; and the line's state now.
 */
public final class OverrideApi {
  /** Body of {@code PUT /api/override}. */
  public record OverrideRequest(Boolean open, String until, String actor) {}

  private final LineOverrides overrides;
  private final Supplier<BusinessCalendar> calendar;
  private final JsonBodies json;
  private final Clock clock;

  public OverrideApi(LineOverrides overrides, Supplier<BusinessCalendar> calendar, JsonBodies json, Clock clock) {
    this.overrides = overrides;
    this.calendar = calendar;
    this.json = json;
    this.clock = clock;
  }

  public void register(Router router) {
    router.get("/api/override", r -> state(200));
    router.put("/api/override", r -> {
      OverrideRequest body = json.read(r, OverrideRequest.class);
      if (body.open() == null) {
        throw ApiException.badRequest("open is required (true: force open, false: force closed)", "open");
      }
      Instant until = null;
      if (body.until() != null && !body.until().isBlank()) {
        try {
          until = OffsetDateTime.parse(body.until()).toInstant();
        } catch (DateTimeParseException e) {
          throw ApiException.badRequest("until must be ISO-8601 with an offset", "until");
        }
        if (!until.isAfter(clock.instant())) {
          throw ApiException.badRequest("until must be in the future", "until");
        }
      }
      overrides.set(body.open(), until, actor(body.actor()));
      return state(200);
    });
    router.delete("/api/override", r -> {
      overrides.clear(actor(r.queryParam("actor").orElse(null)));
      return state(200);
    });
  }

  private HttpResponse state(int status) {
    Instant now = clock.instant();
    Optional<ManualOverride> o = overrides.current();
    CalendarStatus s = calendar.get().status(now, o.orElse(null));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("instant", now.toString());
    m.put("open", s.open());
    m.put("reason", s.reason().code());
    m.put("next_change", s.nextChange() == null ? null : s.nextChange().toString());
    m.put("override", o.map(v -> {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("open", v.open());
      d.put("since", v.since().toString());
      d.put("until", v.until() == null ? null : v.until().toString());
      d.put("ends", calendar.get().overrideEnd(v) == null ? null : calendar.get().overrideEnd(v).toString());
      return d;
    }).orElse(null));
    return HttpResponse.json(status, json.write(m));
  }

  private static String actor(String given) {
    return given == null || given.isBlank() ? "api" : given.strip();
  }
}
