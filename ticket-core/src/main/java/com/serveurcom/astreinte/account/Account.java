package com.serveurcom.astreinte.account;

import com.serveurcom.astreinte.ticket.Service;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A customer account.
 *
 * @param oncallOption whether the contract includes the on-call service (astreinte)
 * @param oncallServices services covered by on-call (technical support by default)
 * @param phones known phone numbers, E.164
 */
public record Account(long id, String name, boolean oncallOption, Set<Service> oncallServices, List<String> phones) {
  public Account {
    Objects.requireNonNull(name, "name");
    oncallServices = Set.copyOf(oncallServices);
    phones = List.copyOf(phones);
  }

  public boolean coversOncall(Service service) {
    return oncallOption && oncallServices.contains(service);
  }
}
