package dev.agentharness.cli;

import picocli.CommandLine.Command;

@Command(
    name = "agentharness",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Test the usage accounting of voice agents: simulate scenarios, serve fake providers, replay metric logs.",
    subcommands = {SimulateCommand.class, ServeCommand.class, ReplayCommand.class})
final class AgentharnessCommand {}
