package dev.waymark.hit;
