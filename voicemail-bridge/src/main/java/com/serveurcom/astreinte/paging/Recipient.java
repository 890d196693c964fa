package com.serveurcom.astreinte.paging;

import com.serveurcom.astreinte.rota.Technician;
import java.util.Locale;

/**
 * Someone to page. {@code id} names the parts of a row sent to them (never the phone number: it ends
 * up in logs); {@code role} is why they are paged when it is not the first call of duty (a backup, the
 * last resort), said in the SMS.
 */
record Recipient(String id, String name, String phone, Role role) {
  /** Why a person other than the technician on duty is paged. */
  enum Role { ON_DUTY, BACKUP, LAST_RESORT }

  static Recipient of(Technician t, Role role) {
    return new Recipient(t.id().toLowerCase(Locale.ROOT), t.name(), t.mobile(), role);
  }
}
