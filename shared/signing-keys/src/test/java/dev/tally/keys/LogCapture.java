package dev.tally.keys;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Every log line written while it is open, formatted as a log handler would write it. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Logger root = Logger.getLogger("");

    public LogCapture() {
        setLevel(Level.ALL);
        root.addHandler(this);
    }

    public List<String> lines() {
        return lines;
    }

    /** The lines logged at SEVERE (ERROR) or above. */
    public List<String> errors() {
        return errors;
    }

    @Override
    public void publish(LogRecord record) {
        String line = formatter.format(record);
        lines.add(line);
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            errors.add(line);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
