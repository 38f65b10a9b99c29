package dev.jobhub.worker.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The stable id of this worker instance, carried by every event it publishes. */
@ApplicationScoped
public class WorkerIdentity {

    private final String id;

    public WorkerIdentity(WorkerConfig config) {
        this.id = config.id().filter(value -> !value.isBlank()).orElseGet(WorkerIdentity::hostAndPid);
    }

    public String id() {
        return id;
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "worker");
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
