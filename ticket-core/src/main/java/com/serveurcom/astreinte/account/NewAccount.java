package com.serveurcom.astreinte.account;

import com.serveurcom.astreinte.ticket.Service;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What it takes to create (or upsert) an account. */
public record NewAccount(String name, boolean oncallOption, Set<Service> oncallServices, List<String> phones) {
  public NewAccount {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("account name must not be blank");
    }
    oncallServices = Set.copyOf(oncallServices);
    phones = List.copyOf(phones);
    for (String phone : phones) {
      if (!phone.matches("\\+[0-9]{6,15}")) {
        throw new IllegalArgumentException("phone number must be E.164 (+33...): '" + phone + "'");
      }
    }
  }
}
