package dev.frontier.pipelines;

public final class Frontier {
  public static void main(String[] args) {}
}
