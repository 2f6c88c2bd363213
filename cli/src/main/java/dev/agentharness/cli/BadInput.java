package dev.agentharness.cli;

/** Bad input on the command line or in a file it names: exit code 2, the message on stderr. */
final class BadInput extends RuntimeException {
  BadInput(String message) {
    super(message);
  }

  BadInput(String message, Throwable cause) {
    super(message, cause);
  }
}
