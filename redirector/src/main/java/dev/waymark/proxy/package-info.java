/**
 * Who the client is behind load balancers and CDNs: {@code TrustedProxies} believes forwarding
 * headers and the PROXY protocol only from the peers it is told to trust.
 */
package dev.waymark.proxy;
