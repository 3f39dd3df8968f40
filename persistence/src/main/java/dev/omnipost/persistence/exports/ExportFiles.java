package dev.omnipost.persistence.exports;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where an export's file lives under {@code omnipost.exports.dir}: {@code <dir>/<workspace
 * id>/<export id>.<format>}. The publisher-worker writes it, the gateway serves it, so both must be
 * given the same directory (the local stack does; in containers, a shared volume).
 */
public final class ExportFiles {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]+");

  private ExportFiles() {}

  public static Path path(Path dir, String workspaceId, String exportId, String format) {
    if (!ID.matcher(workspaceId).matches()
        || !ID.matcher(exportId).matches()
        || !ID.matcher(format).matches()) {
      throw new IllegalArgumentException("not an id: " + workspaceId + "/" + exportId);
    }
    return dir.resolve(workspaceId).resolve(exportId + "." + format);
  }
}
