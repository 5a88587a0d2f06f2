package dev.frontier.transforms.config;

import java.nio.file.Path;

/** {@link LocalFiles#plain()}: a location is a local path. An enum so it stays one value when deserialized. */
enum PlainPaths implements LocalFiles {
  INSTANCE;

  @Override
  public Path local(String location) {
    return Path.of(location);
  }
}
