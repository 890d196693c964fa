package com.serveurcom.astreinte.twilio;

import com.serveurcom.astreinte.paging.PageContext;

import com.serveurcom.astreinte.paging.PageAcknowledgements;

import com.serveurcom.astreinte.paging.DeliveryStatus;

import com.serveurcom.astreinte.paging.Channel;

import com.serveurcom.astreinte.paging.Ack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test double of the paging engine: answers as configured and records every call. */
final class RecordingAcks implements PageAcknowledgements {
  record Call(String what, String requestNumber, String byPhone, Channel via) {
  }

  final List<Call> calls = new ArrayList<>();
  final List<DeliveryStatus> statuses = new ArrayList<>();
  Ack.Outcome outcome = Ack.Outcome.ACCEPTED;
  String customerPhone = "+33698765432";
  Optional<PageContext> page = Optional.empty();
  RuntimeException failWith;

  @Override
  public Ack takeCharge(String requestNumber, String byPhone, Channel via) {
    calls.add(new Call("takeCharge", requestNumber, byPhone, via));
    throwIfAsked();
    return new Ack(outcome, requestNumber, outcome == Ack.Outcome.ACCEPTED ? customerPhone : null);
  }

  @Override
  public Ack decline(String requestNumber, String byPhone, Channel via) {
    calls.add(new Call("decline", requestNumber, byPhone, via));
    throwIfAsked();
    return Ack.of(outcome, requestNumber);
  }

  @Override
  public void deliveryStatus(DeliveryStatus status) {
    throwIfAsked();
    statuses.add(status);
  }

  @Override
  public Optional<PageContext> pageContext(String requestNumber) {
    calls.add(new Call("pageContext", requestNumber, null, null));
    return page;
  }

  boolean untouched() {
    return calls.isEmpty() && statuses.isEmpty();
  }

  private void throwIfAsked() {
    if (failWith != null) {
      throw failWith;
    }
  }
}
