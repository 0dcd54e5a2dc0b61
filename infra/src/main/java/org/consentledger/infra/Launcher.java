package org.consentledger.infra;

import java.util.Arrays;

/**
 * What {@code java -jar ledger-dev.jar} runs: the dev stack, or one of Kafka's console tools against
 * it. Decides before any logging starts, since the tools log differently from the stack.
 */
public final class Launcher {

    static final String USAGE = """
            usage: java -jar ledger-dev.jar [--demo] [--rotate-credentials]
                     starts the dev stack (--demo plays the demo story; --rotate-credentials issues new
                     admin and auditor secrets)
                   java -jar ledger-dev.jar kafka-console-producer|kafka-console-consumer ARGS
                     runs Kafka's console tool (--help lists its ARGS)""";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && KafkaConsole.isTool(args[0])) {
            KafkaConsole.run(args[0], Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
        } else {
            DevStack.main(args);
        }
    }
}
