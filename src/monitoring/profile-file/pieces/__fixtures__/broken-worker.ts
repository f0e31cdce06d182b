/** A piece worker that fails as it loads, before claiming anything. */
throw new Error('this worker cannot start');
