package com.serveurcom.astreinte.http;

/**
 * A client error with the status and the JSON body {@code {"error": ..., "field": ...}} it
 * deserves. Thrown by handlers for bad input; never carries a stack trace to the client.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;

  public ApiException(int status, String error, String field) {
    super(error, null, false, false);
    this.status = status;
    this.field = field;
  }

  public ApiException(int status, String error) {
    this(status, error, null);
  }

  public static ApiException badRequest(String error, String field) {
    return new ApiException(400, error, field);
  }

  public static ApiException notFound(String error) {
    return new ApiException(404, error);
  }

  public static ApiException conflict(String error) {
    return new ApiException(409, error);
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }
}
