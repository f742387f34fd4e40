import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { devLoginBodySchema } from '@k8s-scheduler/contracts';
import type { PublicConfig } from '@k8s-scheduler/contracts';
import { FullPageMessage } from '../../components/FullPageMessage';
import { QueryState } from '../../components/QueryState';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { Skeleton } from '../../components/ui/Skeleton';
import { ArrowRightIcon, CodeIcon, SecretsIcon } from '../../components/ui/icons';
import { FormField, fieldAria } from '../../components/ui/FormField';
import { buttonClass, cardClass, inputClass } from '../../components/ui/styles';
import { oauthLoginUrl, safeRedirect } from '../../lib/redirect';
import { useBranding, useConfig } from '../config/useConfig';
import type { DevLoginBody } from './session.api';
import { useDevLogin, useMe } from './useSession';

export function SignInPage() {
  const [params] = useSearchParams();
  const redirect = safeRedirect(params.get('redirect'));
  const oauthError = params.get('error_description') ?? params.get('error');
  const config = useConfig();
  const me = useMe();
  const branding = useBranding();

  if (me.data) return <Navigate to={redirect} replace />;

  return (
    <FullPageMessage>
      <div className={`${cardClass} p-6 sm:p-8`}>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign in to {branding.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Deploy and run your team&apos;s applications on your own cluster.
        </p>

        {oauthError ? (
          <div className="mt-5">
            <ErrorNotice title="Sign-in did not complete" message={oauthError} />
          </div>
        ) : null}

        <div className="mt-6">
          <QueryState
            query={config}
            loadingLabel="Loading sign-in options"
            errorTitle="Sign-in options could not be loaded"
            skeleton={
              <>
                <Skeleton className="h-10 w-full" />
                <Skeleton className="h-10 w-full" />
              </>
            }
          >
            {(data) => <SignInOptions config={data} redirect={redirect} />}
          </QueryState>
        </div>
      </div>
      {config.data ? (
        <p className="mt-6 text-center text-xs text-slate-500">Version {config.data.version}</p>
      ) : null}
    </FullPageMessage>
  );
}

function SignInOptions({ config, redirect }: { config: PublicConfig; redirect: string }) {
  const { google, oidc } = config.auth;
  const devEnabled = config.devMode && config.auth.dev;
  const anyProvider = google || oidc.enabled;

  return (
    <div className="space-y-3">
      {google ? (
        <a href={oauthLoginUrl('google', redirect)} className={buttonClass('secondary', 'lg', 'w-full')}>
          <GoogleMark />
          Continue with Google
        </a>
      ) : null}
      {oidc.enabled ? (
        <a href={oauthLoginUrl('oidc', redirect)} className={buttonClass('secondary', 'lg', 'w-full')}>
          <SecretsIcon className="size-5 text-slate-500" />
          Continue with {oidc.name ?? 'single sign-on'}
        </a>
      ) : null}
      {!anyProvider && !devEnabled ? (
        <p className="rounded-lg bg-slate-50 p-4 text-sm text-slate-700">
          No sign-in method is configured on this installation. Ask your platform team to enable Google or an
          OpenID Connect provider.
        </p>
      ) : null}
      {devEnabled ? <DevSignIn redirect={redirect} separated={anyProvider} /> : null}
    </div>
  );
}

function DevSignIn({ redirect, separated }: { redirect: string; separated: boolean }) {
  const navigate = useNavigate();
  const login = useDevLogin();
  const emailId = useId();
  const nameId = useId();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<DevLoginBody>({ resolver: zodResolver(devLoginBodySchema), defaultValues: {} });

  const signIn = (body: DevLoginBody) =>
    login.mutate(body, { onSuccess: () => void navigate(redirect, { replace: true }) });
  const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

  return (
    <section aria-labelledby={`${emailId}-title`}>
      {separated ? (
        <div
          aria-hidden="true"
          className="my-5 flex items-center gap-3 text-xs font-medium text-slate-500 uppercase"
        >
          <span className="h-px flex-1 bg-slate-200" />
          or
          <span className="h-px flex-1 bg-slate-200" />
        </div>
      ) : null}
      <div className="rounded-lg border border-amber-300 bg-amber-50 p-4">
        <h2 id={`${emailId}-title`} className="flex items-center gap-2 text-sm font-semibold text-amber-950">
          <CodeIcon className="size-4" /> Development mode
        </h2>
        <p className="mt-1 text-sm text-amber-900">Sign in without a password. Only for local development.</p>
        <button
          type="button"
          onClick={() => signIn({})}
          disabled={login.isPending}
          className={buttonClass('primary', 'lg', 'mt-4 w-full')}
        >
          {login.isPending ? 'Signing in…' : 'Sign in as developer'}
          {login.isPending ? null : <ArrowRightIcon className="size-4" />}
        </button>

        <details className="mt-4 text-sm">
          <summary className="cursor-pointer rounded text-amber-950 underline-offset-2 hover:underline">
            Use another identity
          </summary>
          <form noValidate onSubmit={handleSubmit(signIn)} className="mt-3 space-y-3">
            <FormField
              id={emailId}
              label="Email"
              error={errors.email ? 'Enter a valid email address.' : null}
            >
              <input
                {...fieldAria(emailId, errors.email)}
                type="email"
                autoComplete="email"
                placeholder="dev@localhost"
                className={`${inputClass} mt-1`}
                {...register('email', { setValueAs: blankToUndefined })}
              />
            </FormField>
            <FormField
              id={nameId}
              label={
                <>
                  Name <span className="font-normal text-slate-500">(optional)</span>
                </>
              }
              error={errors.name?.message}
            >
              <input
                {...fieldAria(nameId, errors.name)}
                type="text"
                autoComplete="name"
                className={`${inputClass} mt-1`}
                {...register('name', { setValueAs: blankToUndefined })}
              />
            </FormField>
            <button
              type="submit"
              disabled={login.isPending}
              className={buttonClass('secondary', 'md', 'w-full')}
            >
              Sign in with this identity
            </button>
          </form>
        </details>
      </div>
      <div aria-live="polite" className="mt-3 empty:hidden">
        {login.isError ? <ErrorNotice title="Developer sign-in failed" error={login.error} /> : null}
      </div>
    </section>
  );
}

function GoogleMark() {
  return (
    <svg viewBox="0 0 24 24" className="size-5" aria-hidden="true">
      <path
        fill="#4285F4"
        d="M22.56 12.25c0-.78-.07-1.53-.2-2.25H12v4.26h5.92a5.06 5.06 0 0 1-2.2 3.32v2.76h3.56c2.08-1.92 3.28-4.74 3.28-8.09Z"
      />
      <path
        fill="#34A853"
        d="M12 23c2.97 0 5.46-.98 7.28-2.66l-3.56-2.76c-.98.66-2.23 1.06-3.72 1.06-2.86 0-5.29-1.93-6.16-4.53H2.18v2.84A11 11 0 0 0 12 23Z"
      />
      <path
        fill="#FBBC05"
        d="M5.84 14.1A6.6 6.6 0 0 1 5.5 12c0-.73.13-1.44.34-2.1V7.06H2.18A11 11 0 0 0 1 12c0 1.77.43 3.45 1.18 4.94l3.66-2.84Z"
      />
      <path
        fill="#EA4335"
        d="M12 5.38c1.62 0 3.06.56 4.2 1.64l3.15-3.15C17.45 2.09 14.97 1 12 1A11 11 0 0 0 2.18 7.06l3.66 2.84C6.71 7.3 9.14 5.38 12 5.38Z"
      />
    </svg>
  );
}
