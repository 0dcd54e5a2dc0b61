package org.consentledger.infra.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.consentledger.storage.sealing.Sealer;

/**
 * What sealing costs one thread per stored event, in CPU µs: deriving the event's key, sealing it
 * (the ledger, at append) and opening it (each reader: the ledger loading a subject, the
 * read side projecting it). Run: {@code java -Dloader.main=org.consentledger.infra.bench.SealingCost
 * -cp infra/target/ledger-bench.jar org.springframework.boot.loader.launch.PropertiesLauncher}.
 */
public final class SealingCost {

    /** A transfer as the bench's workload stores it, with a handful of consents behind it. */
    private static final String EVENT = """
            {"subject":"b1a2b3-s-000042","origin":{"app":"app-3","messageId":"b1a2b3-000042-0000017","time":"2026-03-01T09:00:00Z",
             "recordedAt":"2026-12-07T01:00:00.123456Z"},"transfer":{"transferId":"t-17","recipient":"app-5",
             "categories":["user.contact.email","user.location"],"purposes":["dpv:ServiceProvision"],"legalBasis":"A6-1-a"},
             "recipient":{"registered":true,"country":"DE"},"verdict":{"violations":[],
             "restsOn":["c-1","c-4","c-9","c-12","c-15","c-21","c-22","c-30","c-31","c-40"]}}""";

    private SealingCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[] subjectKey = new byte[32];
        byte[] clear = EVENT.getBytes(StandardCharsets.UTF_8);
        String[] ids = new String[1024];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UUID.randomUUID().toString();
        }
        for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT
            long t0 = threads.getCurrentThreadCpuTime();
            byte[] key = null;
            for (int i = 0; i < rounds; i++) {
                key = Sealer.eventKey(subjectKey, ids[i % ids.length]);
            }
            long t1 = threads.getCurrentThreadCpuTime();
            byte[] sealed = null;
            for (int i = 0; i < rounds; i++) {
                sealed = Sealer.seal(clear, key);
            }
            long t2 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < rounds; i++) {
                Sealer.open(sealed, key);
            }
            long t3 = threads.getCurrentThreadCpuTime();
            if (pass == 1) {
                System.out.printf("per event (%d bytes in clear, %d sealed), CPU µs: event key %.2f, seal %.2f,"
                                + " open %.2f%n", clear.length, sealed.length, (t1 - t0) / 1e3 / rounds,
                        (t2 - t1) / 1e3 / rounds, (t3 - t2) / 1e3 / rounds);
            }
        }
    }
}
