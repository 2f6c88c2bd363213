package dev.agentharness.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {

  /** The jar's version, or the development version when run from classes. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"agentharness " + version()};
  }
}
