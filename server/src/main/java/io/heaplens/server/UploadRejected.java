package io.heaplens.server;

/** An upload refused, with the HTTP status and the one sentence that says why. */
final class UploadRejected extends Exception {
  private final int status;

  UploadRejected(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
