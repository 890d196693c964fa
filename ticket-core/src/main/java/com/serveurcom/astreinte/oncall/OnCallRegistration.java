package com.serveurcom.astreinte.oncall;

/**
 * What registering a message did.
 *
 * @param requestId the on-call request the message belongs to, or 0 for an orphan (unknown ticket)
 * @param addedToExisting the request was already open: the message joined it and re-pages, no second chain
 */
public record OnCallRegistration(long requestId, String ticketNumber, boolean addedToExisting) {}
