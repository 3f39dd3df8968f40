package dev.omnipost.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into its addresses; blocking. The system resolver (hosts file, then DNS, with
 * the JVM's cache) in production; tests substitute answers, for instance one that changes between
 * two lookups as a rebinding DNS server would.
 */
@FunctionalInterface
public interface HostResolver {

  HostResolver SYSTEM = InetAddress::getAllByName;

  InetAddress[] resolve(String host) throws UnknownHostException;
}
