package dev.omnipost.publisher.exports;

import dev.omnipost.publisher.scheduling.PeriodicPass;

/**
 * Runs pending exports one after another on its own thread every {@code poll-interval} (an export
 * holds a connection and a file for its whole run: one at a time per instance bounds both), and
 * deletes expired files.
 */
class ExportLoop extends PeriodicPass {

  private final ExportRunner runner;

  ExportLoop(ExportRunner runner, ExportRunnerProperties properties) {
    super("export-runner-", properties.pollInterval());
    this.runner = runner;
  }

  @Override
  protected void pass() {
    while (runner.runNext()) {
      // another may be waiting
    }
    runner.deleteExpired();
  }
}
