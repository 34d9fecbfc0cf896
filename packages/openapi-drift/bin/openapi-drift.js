#!/usr/bin/env node
// The installed command. The CLI itself is compiled into dist/ when the package is built.
import '../dist/cli/bin.js';
