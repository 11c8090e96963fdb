#!/usr/bin/env node
import { buildCli } from './build-cli';

void buildCli(process.argv.slice(2)).parseAsync();
