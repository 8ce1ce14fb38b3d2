/** Typed domain errors. Services throw them; one handler turns them into a page or a problem document. */
export type FieldError = { field: string; message: string };

export class DomainError extends Error {
  constructor(
    message: string,
    public readonly status: number,
    public readonly title: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  constructor(message = 'The page or record you asked for does not exist.') {
    super(message, 404, 'Not found');
  }
}

export class Unauthorized extends DomainError {
  constructor(message = 'You need to sign in to do that.') {
    super(message, 401, 'Sign in needed');
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You do not have permission to do that.') {
    super(message, 403, 'Forbidden');
  }
}

export class Conflict extends DomainError {
  constructor(message: string) {
    super(message, 409, 'Conflict');
  }
}

export class TooManyRequests extends DomainError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super(message, 429, 'Too many requests');
  }
}

/** Input that passed its schema but breaks a rule only the service can check. */
export class Invalid extends DomainError {
  constructor(public readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join(' '), 422, 'Invalid input');
  }
}
