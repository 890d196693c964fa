package com.serveurcom.astreinte.http;

import com.serveurcom.astreinte.account.Account;
import com.serveurcom.astreinte.account.AccountAlreadyExistsException;
import com.serveurcom.astreinte.account.AccountStore;
import com.serveurcom.astreinte.account.NewAccount;
import com.serveurcom.astreinte.ticket.Service;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code POST /api/accounts} and {@code GET /api/accounts/{id}}. */
public final class AccountApi {
  /** Body of {@code POST /api/accounts}; absent oncall_services means technical support when on call. */
  public record AccountRequest(String name, Boolean oncallOption, List<String> oncallServices, List<String> phones) {}

  /** An account as the API shows it. */
  public record AccountView(long id, String name, boolean oncallOption, List<String> oncallServices,
      List<String> phones) {
    static AccountView of(Account a) {
      return new AccountView(a.id(), a.name(), a.oncallOption(),
          a.oncallServices().stream().sorted().map(Service::code).toList(), a.phones());
    }
  }

  private static final int MAX_PHONES = 20;

  private final AccountStore accounts;
  private final JsonBodies json;

  public AccountApi(AccountStore accounts, JsonBodies json) {
    this.accounts = accounts;
    this.json = json;
  }

  public void register(Router router) {
    router.post("/api/accounts", this::create);
    router.get("/api/accounts/{id}", this::show);
  }

  private HttpResponse create(HttpRequest request) {
    AccountRequest r = json.read(request, AccountRequest.class);
    String name = Input.required(r.name(), "name", Input.NAME_MAX);
    boolean oncall = Boolean.TRUE.equals(r.oncallOption());
    Set<Service> services = EnumSet.noneOf(Service.class);
    if (r.oncallServices() == null) {
      if (oncall) {
        services.add(Service.TECHNICAL); // the seed: on-call covers technical support by default
      }
    } else {
      for (String code : r.oncallServices()) {
        services.add(Input.service(code, "oncall_services"));
      }
    }
    List<String> phones = new ArrayList<>();
    if (r.phones() != null) {
      if (r.phones().size() > MAX_PHONES) {
        throw ApiException.badRequest("at most " + MAX_PHONES + " phone numbers", "phones");
      }
      for (String p : r.phones()) {
        String phone = Input.phone(p, "phones");
        if (phone == null) {
          throw ApiException.badRequest("phone number must not be empty", "phones");
        }
        phones.add(phone);
      }
    }
    Account created;
    try {
      created = accounts.create(new NewAccount(name, oncall, services, phones));
    } catch (AccountAlreadyExistsException e) {
      throw new ApiException(409, "an account with this name already exists", "name");
    }
    return HttpResponse.json(201, json.write(AccountView.of(created)))
        .withHeader("Location", "/api/accounts/" + created.id());
  }

  private HttpResponse show(HttpRequest request) {
    long id = Input.positiveId(request.pathParam("id"), "id");
    Account a = accounts.findById(id).orElseThrow(() -> ApiException.notFound("no account with this id"));
    return HttpResponse.json(200, json.write(AccountView.of(a)));
  }
}
