#!/usr/bin/env node
import { runCli } from './build-cli';

void runCli(process.argv.slice(2));
