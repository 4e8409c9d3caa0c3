#!/usr/bin/env node
// The `cutover` command: runs the committed bundle (Node >= 24).
import '../dist/cli.js';
