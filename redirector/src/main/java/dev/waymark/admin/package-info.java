/**
 * The admin port: {@code AdminRouter} registers every endpoint with the access scope it needs,
 * authenticates keys ({@code BearerAuthHandler}, {@code ApiKey}, {@code AuthThrottle}) and answers
 * every failure as {@code application/problem+json}. The features live in sub-packages, which
 * never import this one: the router knows them, not the other way round.
 */
package dev.waymark.admin;
