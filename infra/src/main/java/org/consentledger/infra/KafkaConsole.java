package org.consentledger.infra;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.LoggerFactory;

/**
 * Kafka's own console producer and consumer, run from the dev jar, which carries Kafka already: a
 * machine with nothing but the project can send and read records. Their warnings and errors go to
 * the console in one line each, and a run in which anything failed (a record refused by the broker,
 * a failed sign-in) exits with status 1: Kafka's producer logs a failed send and would exit 0.
 */
final class KafkaConsole {

    private static final Map<String, String> TOOLS = Map.of(
            "kafka-console-producer", "kafka.tools.ConsoleProducer",
            "kafka-console-consumer", "org.apache.kafka.tools.consumer.ConsoleConsumer");

    private KafkaConsole() {
    }

    static boolean isTool(String name) {
        return TOOLS.containsKey(name);
    }

    static void run(String tool, String[] args) throws Exception {
        System.setProperty("logback.configurationFile", "logback-kafka-console.xml");
        AtomicInteger errors = new AtomicInteger();
        AppenderBase<ILoggingEvent> counter = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                    errors.incrementAndGet();
                }
            }
        };
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        counter.setContext(root.getLoggerContext());
        counter.start();
        root.addAppender(counter);
        Exit.setExitProcedure((status, message) -> {
            if (message != null) {
                System.err.println(message);
            }
            Runtime.getRuntime().exit(status == 0 && errors.get() > 0 ? 1 : status);
        });
        Class.forName(TOOLS.get(tool)).getMethod("main", String[].class).invoke(null, (Object) args);
        Exit.exit(0);
    }
}
