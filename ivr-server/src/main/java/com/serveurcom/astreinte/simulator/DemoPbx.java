package com.serveurcom.astreinte.simulator;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * The Asterisk of {@code serve --demo} when no real one is configured: a manager interface on a loopback
 * port (the server's AMI link logs in to it as to a real PBX) whose originated calls ring until a person
 * picks them up ({@code bin/astreinte simulate-page}); the answered call then runs the shipped
 * {@code [astreinte-page]} context, {@code AGI(agi://…/page?id=${PAGE_ID})} on the server's FastAGI port,
 * with the keys the person chose, as a real Asterisk would (asterisk-wire-originate.md sections 2 and 3).
 */
public final class DemoPbx implements AutoCloseable {
  /** The AMI user of the demo PBX (its secret is drawn at each start). */
  public static final String USER = "astreinte-demo";

  /** A picked-up page call and how it went. */
  public record PickedUp(FakeAmiServer.Ringing call, String keys, SimulatedCallResult result) { }

  private final FakeAmiServer ami;
  private final String secret;
  private final AsteriskSimulator asterisk;
  private final IntSupplier agiPort;
  private final Map<String, CompletableFuture<SimulatedCallResult>> calls = new ConcurrentHashMap<>();

  /**
   * @param agiPort the server's FastAGI port, read when a call is answered (the listener starts after the link)
   */
  public DemoPbx(IntSupplier agiPort) throws IOException {
    this.secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    this.ami = new FakeAmiServer(USER, secret);
    this.agiPort = Objects.requireNonNull(agiPort, "agiPort");
    this.asterisk = new AsteriskSimulator(SimulatorSettings.defaults().withDialStatus("ANSWER"));
    // Agents always there, as the server assumes without an AMI link.
    ami.setQueue(AmiQueue.withAgents("support", 1, 1));
    ami.setPhones(originate -> FakeAmiServer.Phone.PERSON);
    ami.onAnswered(this::runPageContext);
  }

  public String host() {
    return ami.host();
  }

  public int port() {
    return ami.port();
  }

  public String secret() {
    return secret;
  }

  /** The page calls ringing now, oldest first. */
  public java.util.List<FakeAmiServer.Ringing> ringing() {
    return ami.ringing();
  }

  /**
   * Picks up the oldest page call ringing (waiting at most {@code wait} for one) and presses {@code keys}.
   *
   * @return the call and its transcript once the server hung up, empty when none rang within {@code wait}
   */
  public Optional<PickedUp> pickUp(String keys, Duration wait) throws InterruptedException {
    Optional<FakeAmiServer.Ringing> call = ami.pickUp(keys, wait);
    if (call.isEmpty()) {
      return Optional.empty();
    }
    CompletableFuture<SimulatedCallResult> done =
        calls.computeIfAbsent(call.get().uniqueId(), id -> new CompletableFuture<>());
    try {
      return Optional.of(new PickedUp(call.get(), keys, done.get(2, TimeUnit.MINUTES)));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("l'appel décroché n'a pas abouti : " + e, e);
    } finally {
      calls.remove(call.get().uniqueId());
    }
  }

  /** The shipped [astreinte-page] context on the answered channel: AGI(agi://…/page?id=${PAGE_ID}). */
  private void runPageContext(FakeAmiServer.Answered answered) {
    CompletableFuture<SimulatedCallResult> done =
        calls.computeIfAbsent(answered.uniqueId(), id -> new CompletableFuture<>());
    try {
      done.complete(asterisk.call(CallSpec.builder("127.0.0.1", agiPort.getAsInt())
          .script("page?id=" + answered.variables().getOrDefault("PAGE_ID", ""))
          .callerId(answered.callerIdNumber(), answered.callerIdName())
          .context(AsteriskSimulator.ORIGINATED_CONTEXT).extension("s").priority(2)
          .keys(answered.keys() == null ? "" : answered.keys()).build()));
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
  }

  @Override
  public void close() throws IOException {
    ami.close();
  }
}
