// The client policy (Policy<...> from ../policy): filled in when its module moves onto policies.
export {};
