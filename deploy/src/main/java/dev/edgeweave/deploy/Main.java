package dev.edgeweave.deploy;

/** Placeholder entry point; replaced by the picocli CLI. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.err.println("edgeweave: no subcommands yet");
        System.exit(2);
    }
}
