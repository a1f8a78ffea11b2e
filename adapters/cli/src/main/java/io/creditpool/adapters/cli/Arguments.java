package io.creditpool.adapters.cli;

import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * What the command line checks of its arguments before a command runs, so that a wrong one is a usage error (exit 2)
 * naming the option and what it takes, never a failure halfway or an error about something else.
 */
final class Arguments {
    private Arguments() {
    }

    /** {@code value} of {@code option}, which takes a whole number from {@code min} to {@code max}; else exit 2. */
    static int inRange(CommandLine.Model.CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + value + " is out of range; "
                    + "give a whole number from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max));
        }
        return value;
    }

    private static Path path(String text) {
        if (text.isBlank()) {
            throw new CommandLine.TypeConversionException("an empty path; give a file or folder");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a path: " + e.getReason());
        }
    }

    /** A file or folder that must be there: one that is not is a usage error naming it. */
    static final class Existing implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            Path path = path(text);
            if (!Files.exists(path)) {
                throw new CommandLine.TypeConversionException("there is no file or folder " + path);
            }
            return path;
        }
    }

    /** A file to be written: the folder it goes in must be there. */
    static final class Writable implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            Path path = path(text);
            Path folder = path.toAbsolutePath().getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                throw new CommandLine.TypeConversionException("there is no folder " + folder + " to write " + path
                        .getFileName() + " in");
            }
            if (Files.isDirectory(path)) {
                throw new CommandLine.TypeConversionException(path + " is a folder; give a file to write");
            }
            return path;
        }
    }

    /** A folder to be written, made if missing: it must not be a file, nor empty text. */
    static final class Folder implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            Path path = path(text);
            if (Files.exists(path) && !Files.isDirectory(path)) {
                throw new CommandLine.TypeConversionException(path + " is a file; give a folder");
            }
            return path;
        }
    }
}
